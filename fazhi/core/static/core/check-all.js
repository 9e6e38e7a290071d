// A table's 全选 box: <input type="checkbox" data-check-all="NAME"> ticks every box named NAME.
// A file of its own because the Content-Security-Policy allows no inline handlers.
document.addEventListener("change", function (event) {
  var box = event.target;
  var name = box.getAttribute && box.getAttribute("data-check-all");
  if (!name) return;
  document.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (each) {
    each.checked = box.checked;
  });
});
