// @ts-check
// Dates in the article arrive as UTC text from the Wasm (stable for exports and tests). On screen
// they are shown in the reader's language and time zone; the full timestamp goes in the tooltip.

export function localizeDates(container, language) {
  const day = new Intl.DateTimeFormat(language, { dateStyle: "long" });
  const dayAndTime = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" });
  const full = new Intl.DateTimeFormat(language, { dateStyle: "full", timeStyle: "long" });
  for (const time of container.querySelectorAll("time[datetime]")) {
    const date = new Date(time.dateTime);
    if (Number.isNaN(date.getTime())) continue;
    time.textContent = (time.closest(".thread-header") ? day : dayAndTime).format(date);
    time.title = full.format(date);
  }
}
