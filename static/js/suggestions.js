// Suggestion mode: a click on a line of the read-only text picks it in the "Suggest a change"
// form, and picking a line starts its new text from the line as it reads now.
function prefillSuggestion(select) {
  const text = select.form.elements.text;
  const option = select.selectedOptions[0];
  if (!text || !option) return;
  // Replace only what we wrote ourselves: never what the person typed.
  if (text.value === "" || text.value === text.dataset.prefill) {
    text.value = option.dataset.text;
    text.dataset.prefill = option.dataset.text;
  }
}
function initSuggestionForms(root) {
  root.querySelectorAll("select[data-suggest-line]").forEach(prefillSuggestion);
}
document.addEventListener("DOMContentLoaded", () => initSuggestionForms(document));
document.addEventListener("htmx:afterSwap", (event) => initSuggestionForms(event.target));
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-suggest-line]");
  if (select) prefillSuggestion(select);
});
document.addEventListener("click", (event) => {
  const line = event.target.closest(".lyric-lines li[data-line]");
  const select = document.querySelector("select[data-suggest-line]");
  if (!line || !select) return;
  // A link in the gutter (a comment mark) leads elsewhere; selected words are for a comment.
  if (event.target.closest("a") || String(window.getSelection()).trim()) return;
  select.value = line.dataset.line;
  prefillSuggestion(select);
  const details = select.closest("details");
  if (details) details.open = true;
  select.form.elements.text.focus();
});
