/**
 * Small helpers for the server-rendered forms: a filter box over a long list of checkboxes (the column picker holds
 * up to thousands of metric names), a confirmation before a form that changes something is sent, and "select all"
 * boxes.
 */
export function initForms(): void {
  for (const input of Array.from(document.querySelectorAll<HTMLInputElement>("input[data-filter-list]"))) {
    const list = document.getElementById(input.dataset.filterList ?? "");
    if (!list) continue;
    input.addEventListener("input", () => {
      const needle = input.value.trim().toLowerCase();
      for (const item of Array.from(list.querySelectorAll<HTMLElement>("[data-name]"))) {
        item.hidden = needle !== "" && !(item.dataset.name ?? "").toLowerCase().includes(needle);
      }
    });
  }

  for (const form of Array.from(document.querySelectorAll<HTMLFormElement>("form[data-confirm]"))) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm ?? "Are you sure?")) event.preventDefault();
    });
  }

  for (const box of Array.from(document.querySelectorAll<HTMLInputElement>("input[data-select-all]"))) {
    box.addEventListener("change", () => {
      for (const other of Array.from(document.querySelectorAll<HTMLInputElement>(`input[name="${box.dataset.selectAll}"]`))) other.checked = box.checked;
    });
  }
}
