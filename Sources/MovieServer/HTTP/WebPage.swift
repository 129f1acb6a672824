/// The page `GET /` serves: search, read, add, edit and delete movies in a browser.
///
/// It is one document with its style and script inline, so the server has no
/// static files to find, there is no build step and no second request, and the
/// page needs nothing from the network but this server's own JSON API. It is
/// built once at start: the two settings the API cannot tell the script are
/// written into it as literals.
enum WebPage {
    /// The page as served; `writesNeedToken` shows the token field, `readOnly` disables the forms.
    static func html(writesNeedToken: Bool, readOnly: Bool) -> [UInt8] {
        let page = template
            .replacing("{{WRITES_NEED_TOKEN}}", with: String(writesNeedToken))
            .replacing("{{READ_ONLY}}", with: String(readOnly))
        return Array(page.utf8)
    }

    private static let template = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="color-scheme" content="light dark">
    <title>movied</title>
    <style>
    :root {
      --bg: #f6f6f4; --panel: #fff; --text: #1c1c1e; --muted: #646466; --line: #dcdcd8;
      --accent: #0b57d0; --on-accent: #fff; --danger: #b3261e; --ok: #1b7f37; --picked: #e5edfb;
    }
    @media (prefers-color-scheme: dark) {
      :root {
        --bg: #141518; --panel: #1d1f23; --text: #e6e6e3; --muted: #a2a2a6; --line: #34363b;
        --accent: #8ab4f8; --on-accent: #0d1626; --danger: #f2b8b5; --ok: #6dd58c; --picked: #233248;
      }
    }
    * { box-sizing: border-box; }
    [hidden] { display: none !important; }
    body { margin: 0; font: 15px/1.45 system-ui, sans-serif; background: var(--bg); color: var(--text); }
    header { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.25rem; padding: .7rem 1.25rem;
      background: var(--panel); border-bottom: 1px solid var(--line); }
    h1 { font-size: 1.15rem; margin: 0 auto 0 0; }
    h2 { font-size: 1rem; margin: 0 0 .6rem; }
    main { display: grid; grid-template-columns: minmax(17rem, 1fr) minmax(19rem, 1.3fr); gap: 1.25rem; align-items: start;
      max-width: 72rem; margin: 0 auto; padding: 0 1.25rem 1.25rem; }
    @media (max-width: 48rem) { main { grid-template-columns: 1fr; } }
    section { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 1rem; margin-bottom: 1.25rem; }
    label { display: block; font-size: .85rem; color: var(--muted); margin: .55rem 0 .2rem; }
    input { width: 100%; font: inherit; color: inherit; background: var(--bg); padding: .45rem .55rem;
      border: 1px solid var(--line); border-radius: 6px; }
    button { font: inherit; color: inherit; background: var(--bg); padding: .4rem .85rem; margin-top: .6rem;
      border: 1px solid var(--line); border-radius: 6px; cursor: pointer; }
    button.primary { background: var(--accent); border-color: var(--accent); color: var(--on-accent); }
    button.danger { color: var(--danger); border-color: var(--danger); }
    button.danger[data-armed] { background: var(--danger); color: var(--panel); }
    button:disabled { opacity: .5; cursor: default; }
    :focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
    fieldset { border: 0; margin: 0; padding: 0; min-width: 0; }
    .muted { color: var(--muted); }
    #token-form { display: flex; align-items: center; gap: .5rem; }
    #token-form label { margin: 0; white-space: nowrap; }
    #token { width: 12rem; }
    #live { font-size: .85rem; color: var(--muted); }
    #live::before { content: ""; display: inline-block; width: .6rem; height: .6rem; margin-right: .35rem;
      border-radius: 50%; background: var(--muted); }
    #live[data-state="open"]::before { background: var(--ok); }
    #status, #read-only-note { max-width: 72rem; min-height: 2.6rem; margin: 0 auto; padding: .6rem 1.25rem; }
    #read-only-note { color: var(--muted); padding-bottom: 0; min-height: 0; }
    #status[data-kind="error"] { color: var(--danger); font-weight: 600; }
    #status[data-kind="ok"] { color: var(--ok); }
    #list { list-style: none; margin: .75rem 0 0; padding: 0; border-top: 1px solid var(--line);
      max-height: min(62vh, 40rem); overflow-y: auto; }
    #list li { border-bottom: 1px solid var(--line); }
    #list button { display: block; width: 100%; margin: 0; padding: .3rem .5rem; text-align: left;
      background: none; border: 0; border-radius: 0; }
    #list button:hover, #list button[aria-current="true"] { background: var(--picked); }
    #list button[aria-current="true"] { font-weight: 600; }
    .pager { display: flex; align-items: center; gap: .5rem; }
    .pager button { margin: .6rem 0 0; }
    #range { margin: .6rem auto 0 0; font-size: .9rem; }
    #detail-title { font-size: 1.3rem; margin-bottom: .3rem; overflow-wrap: anywhere; }
    #detail-info { margin: 0 0 .5rem; overflow-wrap: anywhere; }
    #events { margin: 0; padding: 0; list-style: none; font-size: .9rem; }
    #events time { color: var(--muted); margin-right: .4rem; font-variant-numeric: tabular-nums; }
    </style>
    </head>
    <body>
    <header>
      <h1>movied</h1>
      <form id="token-form" hidden>
        <label for="token">Write token</label>
        <input id="token" type="password" autocomplete="off" spellcheck="false">
      </form>
      <span id="live" data-state="connecting">connecting…</span>
    </header>
    <p id="read-only-note" hidden>This server is read-only: adding, editing and deleting are off.</p>
    <p id="status" role="status" aria-live="polite"></p>
    <main>
      <section aria-labelledby="titles-heading">
        <h2 id="titles-heading">Titles</h2>
        <label for="search">Search titles</label>
        <input id="search" type="search" autocomplete="off" spellcheck="false" placeholder="e.g. godfather">
        <ul id="list" aria-label="Matching titles"></ul>
        <div class="pager">
          <span id="range" class="muted"></span>
          <button id="pager-prev" type="button">Previous</button>
          <button id="pager-next" type="button">Next</button>
        </div>
      </section>
      <div>
        <section aria-labelledby="detail-title">
          <h2 id="detail-title"></h2>
          <p id="detail-info"></p>
          <form id="edit-form" hidden>
            <fieldset class="writes">
              <label for="edit-info">Info</label>
              <input id="edit-info" maxlength="4096" autocomplete="off">
              <button id="edit-submit" class="primary" type="submit">Save info</button>
              <button id="delete" class="danger" type="button">Delete</button>
            </fieldset>
          </form>
        </section>
        <section aria-labelledby="add-heading">
          <h2 id="add-heading">Add a movie</h2>
          <form id="add-form">
            <fieldset class="writes">
              <label for="add-title">Title</label>
              <input id="add-title" required maxlength="256" autocomplete="off">
              <label for="add-info">Info</label>
              <input id="add-info" maxlength="4096" autocomplete="off" placeholder="year; director; a few words">
              <button id="add-submit" class="primary" type="submit">Add</button>
            </fieldset>
          </form>
        </section>
        <section aria-labelledby="events-heading">
          <h2 id="events-heading">Recent changes</h2>
          <ol id="events"><li class="muted">none yet</li></ol>
        </section>
      </div>
    </main>
    <script>
    "use strict";
    const writesNeedToken = {{WRITES_NEED_TOKEN}};
    const readOnly = {{READ_ONLY}};
    const pageSize = 50;
    const eventsKept = 6;
    const tokenKey = "movied.token";
    const $ = (id) => document.getElementById(id);
    const state = { find: "", offset: 0, selected: null, info: "" };
    // Answers can arrive out of order; only the latest request of each kind is drawn.
    let listTicket = 0;
    let detailTicket = 0;
    let searchTimer = null;
    let deleteTimer = null;
    let refreshTimer = null;
    let changedTitles = new Set();

    function say(text, kind = "info") {
      $("status").textContent = text;
      $("status").dataset.kind = kind;
    }

    function attempt(work) {
      work().catch((error) => say(error.message, "error"));
    }

    // Titles match without regard to case, as the server keys them.
    const sameTitle = (a, b) => a !== null && b !== null && a.toLowerCase() === b.toLowerCase();
    const moviePath = (title) => "movies/" + encodeURIComponent(title);

    async function api(method, path, body) {
      const headers = {};
      if (body !== undefined) headers["Content-Type"] = "application/json";
      if (method !== "GET" && $("token").value) headers.Authorization = "Bearer " + $("token").value;
      let response;
      try {
        response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      } catch {
        throw new Error("Cannot reach the server.");
      }
      if (response.status === 204) return null;
      const text = await response.text();
      let answer = null;
      try { answer = JSON.parse(text); } catch { /* not JSON (a proxy's error page, say): the status speaks instead */ }
      if (!response.ok) throw new Error(answer?.message ?? `${response.status} ${response.statusText}`);
      return answer;
    }

    async function loadList() {
      const ticket = ++listTicket;
      const find = state.find ? "find=" + encodeURIComponent(state.find) + "&" : "";
      const page = await api("GET", `movies?${find}offset=${state.offset}&limit=${pageSize}`);
      if (ticket !== listTicket) return;
      // A delete can empty the last page; step back to the new last one.
      if (page.titles.length === 0 && page.count > 0) {
        state.offset = Math.floor((page.count - 1) / pageSize) * pageSize;
        return loadList();
      }
      $("list").replaceChildren(...page.titles.map((title) => {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = title;
        item.append(button);
        return item;
      }));
      markSelected();
      $("range").textContent = page.count === 0
        ? (state.find ? `no title contains “${state.find}”` : "the catalogue is empty")
        : `showing ${page.offset + 1}–${page.offset + page.titles.length} of ${page.count}`;
      $("pager-prev").disabled = page.offset === 0;
      $("pager-next").disabled = page.offset + page.titles.length >= page.count;
    }

    function markSelected() {
      for (const button of $("list").querySelectorAll("button")) {
        button.setAttribute("aria-current", String(sameTitle(button.textContent, state.selected)));
      }
    }

    async function select(title) {
      const ticket = ++detailTicket;
      const movie = await api("GET", moviePath(title));
      if (ticket === detailTicket) show(movie);
    }

    function show(movie) {
      // A live refresh of the same movie must not throw away an edit in progress.
      const keepEdit = movie !== null && sameTitle(movie.title, state.selected) && $("edit-info").value !== state.info;
      if (movie === null || !sameTitle(movie.title, state.selected)) disarmDelete();
      state.selected = movie?.title ?? null;
      state.info = movie?.info ?? "";
      $("detail-title").textContent = movie ? movie.title : "No movie selected";
      $("detail-info").textContent = movie ? (movie.info || "(no info)") : "Pick a title from the list.";
      $("detail-info").className = movie?.info ? "" : "muted";
      if (!keepEdit) $("edit-info").value = state.info;
      $("edit-form").hidden = movie === null;
      markSelected();
    }

    function disarmDelete() {
      clearTimeout(deleteTimer);
      deleteTimer = null;
      delete $("delete").dataset.armed;
      $("delete").textContent = "Delete";
    }

    function heard(change) {
      const item = document.createElement("li");
      const time = document.createElement("time");
      time.textContent = new Date().toLocaleTimeString();
      item.append(time, `${change.change} “${change.title}”`);
      const log = $("events");
      log.querySelector("li.muted")?.remove();
      log.prepend(item);
      while (log.children.length > eventsKept) log.lastElementChild.remove();
      if (change.change === "deleted" && sameTitle(change.title, state.selected)) {
        show(null);
        say(`“${change.title}” was deleted.`);
      }
      changedTitles.add(change.title.toLowerCase());
      // A burst of changes (an import, say) is one refresh, not one per event.
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(refresh, 100);
    }

    function refresh() {
      const selectedChanged = state.selected !== null && changedTitles.has(state.selected.toLowerCase());
      changedTitles = new Set();
      attempt(loadList);
      if (selectedChanged) attempt(() => select(state.selected));
    }

    function listen() {
      const source = new EventSource("events");
      let opened = false;
      source.addEventListener("open", () => {
        $("live").dataset.state = "open";
        $("live").textContent = "live";
        // Changes made while the stream was down were never heard of.
        if (opened) refresh();
        opened = true;
      });
      source.addEventListener("error", () => {
        const closed = source.readyState === EventSource.CLOSED;
        $("live").dataset.state = closed ? "closed" : "connecting";
        $("live").textContent = closed ? "no live updates" : "reconnecting…";
      });
      for (const change of ["added", "edited", "deleted"]) {
        source.addEventListener(change, (event) => heard(JSON.parse(event.data)));
      }
    }

    $("search").addEventListener("input", () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => {
        state.find = $("search").value.trim();
        state.offset = 0;
        attempt(loadList);
      }, 150);
    });

    $("list").addEventListener("click", (event) => {
      const button = event.target.closest("button");
      if (button) attempt(() => select(button.textContent));
    });

    $("pager-prev").addEventListener("click", () => {
      state.offset = Math.max(0, state.offset - pageSize);
      attempt(loadList);
    });

    $("pager-next").addEventListener("click", () => {
      state.offset += pageSize;
      attempt(loadList);
    });

    $("add-form").addEventListener("submit", (event) => {
      event.preventDefault();
      say("Adding…");
      attempt(async () => {
        const movie = await api("POST", "movies", { title: $("add-title").value, info: $("add-info").value });
        $("add-form").reset();
        show(movie);
        say(`Added “${movie.title}”.`, "ok");
        await loadList();
      });
    });

    $("edit-form").addEventListener("submit", (event) => {
      event.preventDefault();
      say("Saving…");
      attempt(async () => {
        const movie = await api("PATCH", moviePath(state.selected), { info: $("edit-info").value });
        // What was typed is saved: let show() put the stored, trimmed info in the field.
        state.info = $("edit-info").value;
        show(movie);
        say(`Saved the info of “${movie.title}”.`, "ok");
      });
    });

    // Deleting takes a second click on "Really delete?" within five seconds.
    $("delete").addEventListener("click", () => {
      if (!deleteTimer) {
        $("delete").dataset.armed = "";
        $("delete").textContent = "Really delete?";
        deleteTimer = setTimeout(disarmDelete, 5000);
        return;
      }
      const title = state.selected;
      disarmDelete();
      say("Deleting…");
      attempt(async () => {
        await api("DELETE", moviePath(title));
        if (sameTitle(title, state.selected)) show(null);
        say(`Deleted “${title}”.`, "ok");
        await loadList();
      });
    });

    $("token-form").addEventListener("submit", (event) => event.preventDefault());
    $("token").value = sessionStorage.getItem(tokenKey) ?? "";
    $("token").addEventListener("input", () => sessionStorage.setItem(tokenKey, $("token").value));
    $("token-form").hidden = !writesNeedToken;
    $("read-only-note").hidden = !readOnly;
    for (const fieldset of document.querySelectorAll("fieldset.writes")) fieldset.disabled = readOnly;

    show(null);
    attempt(loadList);
    listen();
    </script>
    </body>
    </html>
    """#
}
