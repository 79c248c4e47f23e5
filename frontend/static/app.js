// Enhances the search form: results from the read API, rendered with textContent only.
"use strict";
(function () {
  const form = document.getElementById("search");
  const list = document.getElementById("results");
  const count = document.getElementById("count");
  const prev = document.getElementById("prev");
  const next = document.getElementById("next");
  let page = 1;

  function item(p) {
    const li = document.createElement("li");
    const title = document.createElement("a");
    title.href = "/api/v1/processes/" + encodeURIComponent(p.ocid);
    title.textContent = p.title || p.ocid;
    const meta = document.createElement("div");
    meta.className = "meta";
    const value = p.value ? p.value.amount.toLocaleString() + " " + (p.value.currency || "") : "";
    meta.textContent = [p.buyer && p.buyer.name, p.stage, p.procurement_method, value, p.ocid]
      .filter(Boolean).join(" · ");
    li.append(title, meta);
    return li;
  }

  async function load() {
    const params = new URLSearchParams(new FormData(form));
    params.set("page", String(page));
    const response = await fetch("/api/v1/processes?" + params.toString());
    const body = await response.json();
    list.replaceChildren();
    if (!response.ok) {
      count.textContent = body.error ? body.error.message : "Search failed";
      return;
    }
    count.textContent = body.total + " processes";
    body.items.forEach((p) => list.append(item(p)));
    prev.hidden = page <= 1;
    next.hidden = page * body.per_page >= body.total;
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); page = 1; load(); });
  prev.addEventListener("click", () => { page -= 1; load(); });
  next.addEventListener("click", () => { page += 1; load(); });
  load();
})();
