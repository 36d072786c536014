// kg serve's query page (kg/serve/page.py): YASGUI's editor (Yasqe) and results (Yasr) on this
// endpoint, the named queries with their parameters, shareable links and downloads.
//
// A named query's text, parameters bound, always comes from the endpoint (/queries/NAME.rq,
// kg/serve/named.py), never from code here: the page runs what `kg query NAME` runs. Text from
// the server and from the data reaches the page as text (textContent, input values, the
// editor), never as HTML; Yasr draws results, escaping literals and sanitising every cell.
"use strict";

(function () {
  const config = JSON.parse(document.getElementById("config").textContent);
  const { Yasqe, Yasr } = window.Yasgui;
  const endpoint = new URL("sparql", location.href).href;
  const $ = (id) => document.getElementById(id);
  const named = $("named"), params = $("params"), status = $("status");
  let loaded = null; // {name, values, text}: the named query the editor holds, as the server made it

  const yasqe = new Yasqe($("editor"), {
    value: config.start,
    persistenceId: null, // no localStorage: a link opens what it says, not yesterday's query
    consumeShareLink: null, // the page reads ?query= and ?named= itself (below)
    createShareableLink: null, // the address bar is the link: Run updates it
    autocompleters: ["prefixes", "variables"], // both offline: no class or property look-ups
    editorHeight: "22rem",
    requestConfig: {
      endpoint: endpoint, method: "POST",
      acceptHeaderSelect: "application/sparql-results+json",
      acceptHeaderGraph: "text/turtle",
    },
  });
  const yasr = new Yasr($("results"), {
    persistenceId: null,
    // IRIs shown as prefixed names, the build's prefixes first, then the query's own
    prefixes: () => Object.assign({}, config.prefixes, yasqe.getPrefixesFromQuery()),
    pluginOrder: ["table", "response"],
    defaultPlugin: "table",
  });

  function say(text, error) {
    status.textContent = text;
    status.className = error ? "error" : "";
  }

  for (const [name, query] of Object.entries(config.queries)) {
    const option = document.createElement("option");
    option.value = name;
    option.textContent = name + ": " + query.title;
    named.append(option);
  }

  // The parameter fields of the chosen query, each starting at its default (or at `given`).
  function drawFields(name, given) {
    params.replaceChildren();
    $("description").textContent = name ? config.queries[name].description : "";
    if (!name) return;
    for (const param of config.queries[name].params) {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.name = param.name;
      input.dataset.default = param.default === null ? "" : param.default;
      input.value = param.name in given ? given[param.name] : input.dataset.default;
      input.placeholder = param.required ? "required" : (param.problem ? "no default" : "optional");
      input.title = param.problem || param.description;
      input.addEventListener("change", () => loadNamed());
      label.append(param.name + " (" + param.type + ") ", input);
      const about = document.createElement("small");
      about.textContent = param.description;
      label.append(" ", about);
      params.append(label);
    }
  }

  function fieldValues() {
    const values = {};
    for (const input of params.querySelectorAll("input")) values[input.name] = input.value;
    return values;
  }

  // The named query's text from the endpoint, with the fields' values bound; into the editor.
  async function loadNamed() {
    const name = named.value;
    if (!name) { loaded = null; return true; }
    const values = fieldValues();
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(values)) if (value.trim()) search.append(key, value);
    const response = await fetch("queries/" + encodeURIComponent(name) + ".rq?" + search);
    const text = await response.text();
    if (!response.ok) { say(response.status + ": " + text, true); return false; }
    loaded = { name: name, values: values, text: text };
    yasqe.setValue(text);
    say("");
    return true;
  }

  // What a link to the current query says: the named query and the parameters that differ from
  // their defaults while the editor holds its text unchanged, else the text itself.
  function shareSearch() {
    const search = new URLSearchParams();
    if (loaded && yasqe.getValue() === loaded.text) {
      search.append("named", loaded.name);
      for (const input of params.querySelectorAll("input")) {
        if (input.value !== input.dataset.default) search.append(input.name, input.value);
      }
    } else {
      search.append("query", yasqe.getValue());
    }
    return search;
  }

  function updateDownloads() {
    for (const format of ["csv", "json"]) {
      const search = new URLSearchParams({ query: yasqe.getValue(), format: format });
      $(format).href = "sparql?" + search;
    }
  }

  async function run() {
    // Fields edited since the text was loaded: ask for the text again before running it.
    if (loaded && yasqe.getValue() === loaded.text
        && JSON.stringify(fieldValues()) !== JSON.stringify(loaded.values)) {
      if (!(await loadNamed())) return;
    }
    yasqe.query().catch(() => {});
  }

  named.addEventListener("change", async () => {
    drawFields(named.value, {});
    await loadNamed();
  });
  $("form").addEventListener("submit", (event) => { event.preventDefault(); run(); });
  yasqe.on("change", updateDownloads);
  yasqe.on("query", () => {
    say("running…");
    history.replaceState(null, "", "?" + shareSearch());
  });
  yasqe.on("queryResponse", (instance, response, duration) => {
    yasr.setResponse(response, duration);
    const cut = response && response.headers && response.headers.get(config.truncatedHeader);
    if (response instanceof Error) say("the endpoint refused the query (below)", true);
    else if (cut) say("cut at " + cut + " rows (the server's --max-rows); the rest were left out");
    else say("");
  });

  // A link opens and runs what it names: /?query=TEXT or /?named=NAME&param=value…
  async function opened() {
    const given = new URLSearchParams(location.search);
    if (given.has("named") && given.get("named") in config.queries) {
      named.value = given.get("named");
      const values = {};
      for (const [key, value] of given) if (key !== "named") values[key] = value;
      drawFields(named.value, values);
      if (await loadNamed()) run();
    } else if (given.has("query")) {
      yasqe.setValue(given.get("query"));
      run();
    }
    updateDownloads();
  }
  opened();
})();
