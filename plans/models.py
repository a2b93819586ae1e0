# Models come with their issue; see DESIGN.md.
