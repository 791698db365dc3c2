// Story editor: live preview of the text and background, and a one-click mention.
(function () {
  "use strict";
  const form = document.getElementById("story-form");
  if (!form) return;
  const preview = document.querySelector("[data-testid=story-preview]");
  const previewText = document.getElementById("story-preview-text");
  const textarea = form.querySelector("textarea[name=text]");
  const placeholder = textarea.getAttribute("placeholder");

  function render() {
    previewText.textContent = textarea.value.trim() ? textarea.value : placeholder;
    const checked = form.querySelector("input[name=background]:checked");
    if (checked) {
      preview.style.setProperty("--story-bg", checked.dataset.css);
      preview.dataset.background = checked.value;
    }
  }

  textarea.addEventListener("input", render);
  form.addEventListener("change", render);
  form.querySelectorAll("[data-mention]").forEach(function (chip) {
    chip.addEventListener("click", function () {
      const mention = chip.dataset.mention;
      if (!textarea.value.includes(mention)) {
        textarea.value = (textarea.value.trimEnd() + " " + mention + " ").trimStart();
      }
      textarea.focus();
      render();
    });
  });
  render();
})();
