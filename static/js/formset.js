// Adds an empty member form, numbered as Django's formset expects.
(function () {
  const button = document.getElementById("add-member");
  if (!button) return;
  const prefix = button.dataset.prefix;
  const total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  const template = document.getElementById("member-template");
  const target = document.getElementById("member-forms");
  function addForm() {
    const index = parseInt(total.value, 10);
    const html = template.innerHTML.replace(/__prefix__/g, String(index));
    target.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    const first = target.lastElementChild.querySelector("input[type=text]");
    if (first) first.focus();
  }
  button.addEventListener("click", addForm);
  if (parseInt(total.value, 10) === 0) addForm();
})();
