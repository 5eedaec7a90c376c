/* Right after the header, before the content is parsed: the palette Material's bundle would
   pick (it now loads on first interaction, see partials/polyglot/boot.js), so the first paint
   is in the reader's colours and the toggle is in place (no layout shift). Mirrors Material's
   watchPalette/mountPalette; a stored choice was applied by Material's own inline script. */
(function () {
  var form = document.querySelector("form[data-md-component=palette]");
  if (!form) return;
  var inputs = [].slice.call(form.querySelectorAll("input"));
  var stored = __md_get("__palette");
  var index = stored && typeof stored.index === "number" ? stored.index : inputs.findIndex(function (input) {
    return matchMedia(input.getAttribute("data-md-color-media")).matches;
  });
  index = Math.max(0, Math.min(index, inputs.length - 1));
  inputs.forEach(function (input, i) {
    var label = input.nextElementSibling;
    if (label) label.hidden = i !== index;
  });
  if (stored && stored.color) return;
  var input = inputs[index];
  if (input && input.getAttribute("data-md-color-media") === "(prefers-color-scheme)") {
    input = document.querySelector(matchMedia("(prefers-color-scheme: light)").matches
      ? "[data-md-color-media='(prefers-color-scheme: light)']"
      : "[data-md-color-media='(prefers-color-scheme: dark)']") || input;
  }
  if (input) ["scheme", "primary", "accent"].forEach(function (key) {
    var value = input.getAttribute("data-md-color-" + key);
    if (value) document.body.setAttribute("data-md-color-" + key, value);
  });
})();
