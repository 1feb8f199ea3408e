// Progressive enhancement for the console: every page works without this script.
"use strict";
(function () {
  function each(selector, fn) { document.querySelectorAll(selector).forEach(fn); }

  // "Chọn" in a table header ticks every row's box.
  each("[data-chon-tat-ca]", function (box) {
    box.addEventListener("change", function () {
      each('input[name="' + box.dataset.chonTatCa + '"]', function (b) { b.checked = box.checked; });
    });
  });

  // Formatting buttons wrap the selected words in the marks the server understands.
  each("[data-dinh-dang]", function (bar) {
    var area = document.getElementById(bar.dataset.dinhDang);
    bar.hidden = false;
    function wrap(before, after) {
      var s = area.selectionStart, e = area.selectionEnd, v = area.value;
      area.value = v.slice(0, s) + before + v.slice(s, e) + after + v.slice(e);
      area.focus();
      area.setSelectionRange(s + before.length, e + before.length);
    }
    bar.querySelectorAll("[data-bao]").forEach(function (b) {
      b.addEventListener("click", function () { wrap(b.dataset.bao, b.dataset.bao); });
    });
    bar.querySelectorAll("[data-lien-ket]").forEach(function (b) {
      b.addEventListener("click", function () {
        var url = window.prompt("Địa chỉ liên kết (https://…)", "https://");
        if (url) { wrap("[", "](" + url + ")"); }
      });
    });
  });

  // Live recipient counts while the audience is ticked.
  each("[data-dem]", function (set) {
    var out = document.getElementById("so-nguoi-nhan");
    function refresh() {
      var params = new URLSearchParams();
      set.querySelectorAll("input[type=checkbox]:checked").forEach(function (b) { params.append(b.name, b.value); });
      fetch(set.dataset.dem + "?" + params.toString(), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (d) {
          var parts = Object.keys(d.channels).map(function (k) { return k + " " + d.channels[k]; });
          var text = d.total + " người nhận" + (parts.length ? " (" + parts.join(", ") + ")" : "");
          Object.keys(d.outside_window).forEach(function (k) {
            if (d.means && d.means[k]) {
              text += "; " + d.means[k].join(" ");
            } else {
              text += "; " + d.outside_window[k] + " người " + k + " quá 7 ngày không nhắn, sẽ không nhận được";
            }
          });
          out.textContent = text + ".";
        })
        .catch(function () { out.textContent = "Chưa đếm được số người nhận."; });
    }
    set.addEventListener("change", refresh);
    refresh();
  });

  // Campaign list: progress refreshes every few seconds.
  each("[data-tien-do]", function (table) {
    function refresh() {
      fetch(table.dataset.tienDo, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (all) {
          Object.keys(all).forEach(function (id) {
            var row = table.querySelector('[data-chien-dich="' + id + '"]');
            if (!row) { return; }
            row.querySelectorAll("[data-o]").forEach(function (cell) {
              var v = all[id][cell.dataset.o];
              cell.textContent = v === undefined ? 0 : v;
            });
          });
        })
        .catch(function () {});
    }
    window.setInterval(refresh, 3000);
  });

  each("[data-in-trang]", function (b) { b.addEventListener("click", function () { window.print(); }); });
})();
