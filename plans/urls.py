from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_index, name="index"),
    path("<int:year>/", views.plan_detail, name="plan"),
    path("<int:year>/export/", views.plan_export, name="export"),
    path("next-year/<int:pk>/", views.plan_next_year, name="next-year"),
    path("next-year/<int:pk>/start/", views.plan_next_year_start, name="next-year-start"),
    path("measures/<int:pk>/tasks/new/", views.measure_tasks_new, name="tasks-new"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/update/", views.task_update, name="task-update"),
    path("tasks/<int:pk>/done/", views.task_done, name="task-done"),
    path("tasks/<int:pk>/reopen/", views.task_reopen, name="task-reopen"),
    path("updates/<int:pk>/confirm-late/", views.update_confirm_late, name="update-confirm-late"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("letters/<int:year>/", views.letter_list, name="letters"),
    path("letters/<int:year>/issue/", views.letters_issue, name="letters-issue"),
    path("letters/edit/<int:pk>/", views.letter_edit, name="letter-edit"),
    path("letters/scan/<int:pk>/", views.letter_scan, name="letter-scan"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/reset/", views.calendar_reset, name="calendar-reset"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="ical"),
]
