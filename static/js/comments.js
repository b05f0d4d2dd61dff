// Comments on words of the lyrics: "Comment on the selection" fills the comment form's line,
// columns and quote from what is selected in the editor or in the read-only text, then focuses
// it. Without this script the form still works, with its line picker (a whole line).
(() => {
  let readOnlyPick = null; // the last selection in the read-only text

  // Line (1-based), columns (0-based, end exclusive) and words of a selection in `text`; a
  // selection over several lines is cut at the end of its first line.
  function pickIn(text, start, end) {
    const lineStart = text.lastIndexOf("\n", start - 1) + 1;
    let lineEnd = text.indexOf("\n", start);
    if (lineEnd === -1) lineEnd = text.length;
    const from = start - lineStart;
    const to = Math.max(from, Math.min(end, lineEnd) - lineStart);
    return {
      line: text.slice(0, start).split("\n").length,
      start: from,
      end: to,
      quote: text.slice(lineStart + from, lineStart + to),
    };
  }

  function editorPick(area) {
    // Comments are about saved text: its lines are what the server checks the quote against.
    if (area.value.replace(/\r\n?/g, "\n") !== area.defaultValue.replace(/\r\n?/g, "\n")) {
      return { unsaved: true };
    }
    return pickIn(area.value, area.selectionStart, area.selectionEnd);
  }

  function charsBefore(span, node, offset) {
    const range = document.createRange();
    range.selectNodeContents(span);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  document.addEventListener("selectionchange", () => {
    const selection = document.getSelection();
    if (!selection || selection.rangeCount === 0) return;
    const range = selection.getRangeAt(0);
    const node = range.startContainer;
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const item = element && element.closest(".lyric-lines li[data-line]");
    if (!item) return; // a click on the button, or a selection elsewhere: keep the last one
    const span = item.querySelector(".lyric-text");
    const length = span.textContent.length;
    const start = span.contains(range.startContainer)
      ? charsBefore(span, range.startContainer, range.startOffset) : 0;
    const end = span.contains(range.endContainer)
      ? charsBefore(span, range.endContainer, range.endOffset) : length;
    const from = Math.min(start, length);
    const to = Math.max(from, Math.min(end, length));
    readOnlyPick = {
      line: Number(item.dataset.line),
      start: from,
      end: to,
      quote: span.textContent.slice(from, to),
    };
  });

  function say(button, words) {
    const hint = button.parentElement.querySelector("[data-comment-hint]");
    if (hint) hint.textContent = words;
  }

  function fill(form, pick) {
    const { line_number: line, start_col: start, end_col: end, quote } = form.elements;
    line.value = String(pick.line);
    if (line.value !== String(pick.line)) return false; // a blank line: nothing to comment on
    start.value = pick.start;
    end.value = pick.end;
    quote.value = pick.quote;
    form.querySelector("[data-comment-quote]").textContent = pick.quote.trim()
      ? `On line ${pick.line}: “${pick.quote.trim()}”`
      : `On line ${pick.line} (the whole line)`;
    form.elements.body.focus();
    return true;
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-comment-selection]");
    const form = document.getElementById("comment-form");
    if (!button || !form) return;
    const area = document.querySelector("#lyrics-form textarea[name=body]");
    const pick = area ? editorPick(area) : readOnlyPick;
    if (!pick) return say(button, "Select words first, then comment on them.");
    if (pick.unsaved) return say(button, "Save first: comments are about saved text.");
    if (!fill(form, pick)) say(button, "Choose a line with words on it.");
  });

  // A line chosen by hand is a whole line: the columns of an earlier selection no longer apply.
  document.addEventListener("change", (event) => {
    const form = event.target.closest("#comment-form");
    if (!form || event.target.name !== "line_number") return;
    ["start_col", "end_col", "quote"].forEach((name) => { form.elements[name].value = ""; });
    form.querySelector("[data-comment-quote]").textContent = "";
  });

  function reveal(root) {
    if (root.querySelector(".lyric-lines")) readOnlyPick = null; // a new text
    root.querySelectorAll(".comment-on-selection[hidden]").forEach((p) => { p.hidden = false; });
  }
  document.addEventListener("DOMContentLoaded", () => reveal(document));
  document.addEventListener("htmx:afterSwap", (event) => reveal(event.target));
})();
