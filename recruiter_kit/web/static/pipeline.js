// Pipeline board: drag a card onto another stage's column to move the candidate there.
// Progressive enhancement only: a drop fills in the card's own move form and submits it,
// the same form that works without this script.
(function () {
  "use strict";
  var board = document.querySelector(".board");
  if (!board) {
    return;
  }
  var dragged = null;

  function clearTargets() {
    board.querySelectorAll(".drop-target").forEach(function (column) {
      column.classList.remove("drop-target");
    });
  }

  board.querySelectorAll("li[data-card]").forEach(function (card) {
    card.setAttribute("draggable", "true");
    card.addEventListener("dragstart", function (event) {
      dragged = card;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", card.getAttribute("data-card"));
    });
    card.addEventListener("dragend", function () {
      dragged = null;
      clearTargets();
    });
  });

  board.querySelectorAll("section[data-stage]").forEach(function (column) {
    column.addEventListener("dragover", function (event) {
      if (!dragged || dragged.closest("section") === column) {
        return;
      }
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      column.classList.add("drop-target");
    });
    column.addEventListener("dragleave", function (event) {
      if (!column.contains(event.relatedTarget)) {
        column.classList.remove("drop-target");
      }
    });
    column.addEventListener("drop", function (event) {
      event.preventDefault();
      if (!dragged || dragged.closest("section") === column) {
        return;
      }
      var form = dragged.querySelector("form");
      form.querySelector("select[name=stage]").value = column.getAttribute("data-stage");
      clearTargets();
      if (form.requestSubmit) {
        form.requestSubmit();
      } else {
        form.submit();
      }
    });
  });
})();
