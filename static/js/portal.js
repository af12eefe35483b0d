// Menus are <details> elements, so they open and close without JavaScript. This only adds what
// a keyboard or pointer user expects of a menu: Escape closes it (focus back on its button) and a
// click elsewhere closes it.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  const menu = document.activeElement && document.activeElement.closest("details.dropdown[open]");
  for (const open of document.querySelectorAll("details.dropdown[open]")) {
    open.removeAttribute("open");
  }
  if (menu) menu.querySelector("summary").focus();
});
document.addEventListener("click", (event) => {
  for (const open of document.querySelectorAll("details.dropdown[open]")) {
    if (!open.contains(event.target)) open.removeAttribute("open");
  }
});

// The practices' filters are a disclosure on a phone and always shown beside the results on a
// wide screen (knowledge.css). A browser that cannot show a closed details element's content
// gets the disclosure opened instead.
if (!CSS.supports("selector(::details-content)") && matchMedia("(min-width: 992px)").matches) {
  for (const panel of document.querySelectorAll("details.filter-toggle")) panel.open = true;
}

// The practices' filters (knowledge/practice_list.html): on a wide screen a changed filter updates
// the list at once (on a phone "Apply filters" does), and fields left empty stay out of the URL.
// Written here, not in hx-trigger filters or hx-on attributes: htmx evaluates those with eval,
// which the Content-Security-Policy forbids (htmx-config allowEval is off in base.html).
document.addEventListener("change", (event) => {
  const form = event.target.closest && event.target.closest("#practice-filters");
  if (!form || !event.target.matches(".filter-panel *")) return;
  if (window.htmx && matchMedia("(min-width: 992px)").matches) htmx.trigger(form, "filters-changed");
});
document.addEventListener("htmx:configRequest", (event) => {
  if (!event.target.closest || !event.target.closest("#practice-filters")) return;
  const data = event.detail.formData;
  for (const key of [...new Set(data.keys())]) {
    if (data.getAll(key).every((value) => value === "")) data.delete(key);
  }
});
