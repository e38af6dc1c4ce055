// Fills a code box's <datalist> with the households matching what the officer types
// (giamngheo.forms.LookupInput). The text is POSTed with the form's CSRF token: a name
// typed here never goes into a URL.
(function () {
  document.querySelectorAll("input[data-lookup-url]").forEach(function (input) {
    const list = document.getElementById(input.getAttribute("list"));
    const token = input.form && input.form.querySelector("input[name=csrfmiddlewaretoken]");
    if (!list || !token) return;
    let timer = null;
    let asked = "";
    function ask() {
      const text = input.value.trim();
      if (text.length < 2 || text === asked) return;
      asked = text;
      const body = new URLSearchParams({ q: text, csrfmiddlewaretoken: token.value });
      fetch(input.dataset.lookupUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        body: body,
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (input.value.trim() !== text) return;  // an older answer, overtaken by typing
          list.replaceChildren.apply(list, data.results.map(function (item) {
            const option = document.createElement("option");
            option.value = item.code;
            option.label = item.label;
            option.textContent = item.label;
            return option;
          }));
        })
        .catch(function () {});
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 250);
    });
  });
})();
