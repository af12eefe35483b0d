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
