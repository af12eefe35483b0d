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
