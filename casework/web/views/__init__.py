"""The staff web app's views, one module per area. Views are thin: parse a form, call a service or a
selector, render. Errors from the application layer become pages in `casework.web.middleware`."""
