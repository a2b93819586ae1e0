// The attendance form on a phone: the reason box shows only for a member marked absent,
// and "全部出席" marks everyone not already marked absent as present. Without JavaScript
// every row shows its reason box and the form works the same.
(function () {
  "use strict";
  var form = document.getElementById("meeting-form");
  if (!form) {
    return;
  }
  function sync(row) {
    var absent = row.querySelector('input[type="radio"][value="0"]');
    var reason = row.querySelector(".attendance-reason");
    if (absent && reason) {
      reason.hidden = !absent.checked;
    }
  }
  var rows = form.querySelectorAll(".attendance-row");
  Array.prototype.forEach.call(rows, function (row) {
    sync(row);
    row.addEventListener("change", function () {
      sync(row);
    });
  });
  var all = form.querySelector("[data-all-present]");
  if (all) {
    all.addEventListener("click", function () {
      Array.prototype.forEach.call(rows, function (row) {
        var absent = row.querySelector('input[type="radio"][value="0"]');
        var present = row.querySelector('input[type="radio"][value="1"]');
        // Members already marked absent (those working away) stay absent.
        if (present && !(absent && absent.checked)) {
          present.checked = true;
        }
        sync(row);
      });
    });
  }
})();
