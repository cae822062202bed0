/* Drag a planned job on the planning's timeline to reschedule it (SPEC 12).
 *
 * Plain JavaScript, no library: pointer events move the block along its
 * track in steps of data-snap minutes, or onto a day of the week strip; the
 * drop posts the new slot to the API's reschedule operation (the session and
 * its CSRF token, the same rules as every other way in). Stored: the page is
 * reloaded and shows the job where it now is. Refused: the rule's message is
 * shown and the block returns. Without JavaScript each block is a link to
 * the job's page, whose reschedule form does the same.
 */
(function () {
  "use strict";

  var root = document.getElementById("timeline");
  if (!root) return;
  var first = Number(root.dataset.first);
  var last = Number(root.dataset.last);
  var snap = Number(root.dataset.snap);
  var day = root.dataset.day;
  var message = document.getElementById("timeline-message");
  var KEPT = "garage.timeline.message";
  var drag = null;
  var justDragged = false;

  function clock(minutes) {
    var hours = Math.floor(minutes / 60);
    var rest = minutes % 60;
    return (hours < 10 ? "0" : "") + hours + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function say(text, ok) {
    message.textContent = text;
    message.className = ok ? "ok" : "";
    message.hidden = false;
  }

  function dayUnder(event) {
    var found = document.elementsFromPoint(event.clientX, event.clientY);
    for (var i = 0; i < found.length; i++) {
      var link = found[i].closest(".week-strip a[data-day]");
      if (link) return link;
    }
    return null;
  }

  function mark(target) {
    root.querySelectorAll(".drop-target").forEach(function (element) {
      if (element !== target) element.classList.remove("drop-target");
    });
    if (target) target.classList.add("drop-target");
  }

  function label(state, start, end) {
    var slot = state.block.querySelector(".tl-slot");
    if (slot) slot.textContent = clock(start) + "\u2013" + clock(end);
  }

  function snapBack(state) {
    state.block.classList.remove("dragging", "saving");
    state.block.style.transform = "";
    label(state, state.start, state.end);
    mark(null);
  }

  function shiftFor(state, event) {
    var minutes = (event.clientX - state.x) * state.perPixel;
    var shift = Math.round(minutes / snap) * snap;
    return Math.min(Math.max(shift, first - state.start), last - state.end);
  }

  root.addEventListener("pointerdown", function (event) {
    var block = event.target.closest(".block[data-movable]");
    if (!block || event.button !== 0) return;
    var width = block.parentElement.getBoundingClientRect().width;
    drag = {
      block: block,
      x: event.clientX,
      y: event.clientY,
      perPixel: (last - first) / width,
      start: Number(block.dataset.start),
      end: Number(block.dataset.end),
      shift: 0,
      moved: false,
    };
    block.setPointerCapture(event.pointerId);
    event.preventDefault();
  });

  root.addEventListener("pointermove", function (event) {
    if (!drag) return;
    var dx = event.clientX - drag.x;
    var dy = event.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) < 4 && Math.abs(dy) < 4) return;
    drag.moved = true;
    drag.block.classList.add("dragging");
    drag.shift = shiftFor(drag, event);
    var px = drag.shift / drag.perPixel;
    drag.block.style.transform = "translate(" + px + "px, " + dy + "px)";
    label(drag, drag.start + drag.shift, drag.end + drag.shift);
    mark(dayUnder(event));
  });

  root.addEventListener("pointerup", function (event) {
    if (!drag) return;
    var state = drag;
    drag = null;
    if (!state.moved) return; // a click: the link opens the job
    justDragged = true;
    var target = dayUnder(event);
    if (target && target.dataset.day !== day) {
      move(state, target.dataset.day, state.start, state.end);
    } else if (state.shift !== 0) {
      move(state, day, state.start + state.shift, state.end + state.shift);
    } else {
      snapBack(state);
    }
  });

  root.addEventListener("pointercancel", function () {
    if (drag) snapBack(drag);
    drag = null;
  });

  // The click that ends a drag does not open the job.
  root.addEventListener(
    "click",
    function (event) {
      if (justDragged) event.preventDefault();
      justDragged = false;
    },
    true
  );

  function at(on, minutes) {
    return on + "T" + clock(Math.min(minutes, 24 * 60 - 1)) + ":00";
  }

  function move(state, toDay, start, end) {
    var job = state.block.dataset.job;
    var url = root.dataset.reschedule.replace(
      "00000000-0000-0000-0000-000000000000",
      job
    );
    state.block.classList.add("saving");
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": root.dataset.csrf,
      },
      body: JSON.stringify({
        planning_date: toDay,
        start_time: at(toDay, start),
        end_time: at(toDay, end),
      }),
    })
      .then(function (response) {
        return response.json().then(function (body) {
          return { ok: response.ok, body: body };
        });
      })
      .then(function (answer) {
        if (!answer.ok) {
          snapBack(state);
          say(answer.body.detail || "The job could not be moved.");
          return;
        }
        var where = toDay === day ? "" : " on " + toDay;
        sessionStorage.setItem(
          KEPT,
          "The job is rescheduled to " + clock(start) + "\u2013" + clock(end) + where + "."
        );
        window.location.reload();
      })
      .catch(function () {
        snapBack(state);
        say("The job could not be moved: the server did not answer.");
      });
  }

  var kept = sessionStorage.getItem(KEPT);
  if (kept) {
    sessionStorage.removeItem(KEPT);
    say(kept, true);
  }
})();
