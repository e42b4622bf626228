/* Site search, progressive enhancement only: without this script the search page lists other ways to find
   things. It shows the search form, and on submit asks Pagefind's index (built into /pagefind/ by
   `invoke build`, served from this site) for matching pages. Pagefind loads only when someone searches. */
const box = document.querySelector('[data-module="search"]');
// One Pagefind bundle for the whole site, at the root of the main edition; it holds an index per language and
// picks the one matching <html lang>. The page names the root, so an edition in a sub-folder finds it too.
const siteRoot = new URL(box && box.dataset.siteRoot ? box.dataset.siteRoot : "../../", box && box.dataset.siteRoot ? document.baseURI : import.meta.url);
document.documentElement.classList.add("js");

let pagefindReady = null;
function loadPagefind() {
  if (!pagefindReady) {
    pagefindReady = import(new URL("pagefind/pagefind.js", siteRoot).href).then(async (pagefind) => {
      // Result addresses start from the site's root, which may be a folder of the host.
      await pagefind.options({ baseUrl: siteRoot.pathname, excerptLength: 24 });
      return pagefind;
    });
  }
  return pagefindReady;
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_match, key) => String(values[key] ?? ""));
}

// Pagefind's excerpts mark the matching words with <mark>; copy only text and those marks, never other HTML.
function excerptNodes(html) {
  const parsed = new DOMParser().parseFromString(html, "text/html");
  return Array.from(parsed.body.childNodes).map((node) => {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      return mark;
    }
    return document.createTextNode(node.textContent);
  });
}

async function runSearch(words, results) {
  const texts = results.dataset;
  results.replaceChildren();
  if (!words) return;
  try {
    const pagefind = await loadPagefind();
    const search = await pagefind.search(words);
    const found = await Promise.all(search.results.slice(0, 20).map((result) => result.data()));
    const status = document.createElement("p");
    status.className = "hs-search__status";
    const count = search.results.length;
    const template = count === 0 ? texts.textNone : count === 1 ? texts.textOne : texts.textMany;
    status.textContent = fill(template, { count, words });
    const list = document.createElement("ol");
    list.className = "hs-search__list";
    for (const page of found) {
      const item = document.createElement("li");
      item.className = "hs-search__result";
      const link = document.createElement("a");
      link.href = page.url;
      link.textContent = (page.meta && page.meta.title) || page.url;
      const excerpt = document.createElement("p");
      excerpt.className = "hs-search__excerpt";
      excerpt.append(...excerptNodes(page.excerpt || ""));
      item.append(link, excerpt);
      list.append(item);
    }
    results.append(status);
    if (count) results.append(list);
  } catch (error) {
    const status = document.createElement("p");
    status.textContent = texts.textError;
    results.append(status);
    console.warn("Search failed:", error);
  }
}

if (box) {
  const form = box.querySelector("form");
  form.hidden = false;
  const input = form.querySelector("input[name=q]");
  const results = box.querySelector("[data-search-results]");
  const asked = new URLSearchParams(window.location.search).get("q") || "";
  input.value = asked;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const words = input.value.trim();
    // Keep the words in the address, so Back and a shared link show the same results.
    const address = new URL(window.location.href);
    if (words) address.searchParams.set("q", words); else address.searchParams.delete("q");
    history.replaceState(null, "", address);
    runSearch(words, results);
  });
  input.addEventListener("focus", loadPagefind, { once: true });
  if (asked.trim()) runSearch(asked.trim(), results);
}
