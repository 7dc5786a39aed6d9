/* Finding an item by what a resident types, the same on the kiosk and the phone: pinyin
 * initials ("sbk", "jzz"), a word of its name in Chinese or English, its whole pinyin, a
 * keyword or its department. Items carry `pinyin` and `initials` from the server.
 *
 * ItemSearch.find(items, "jzz") -> the matching items, best first. */
(function (global) {
  "use strict";

  function departmentText(item) {
    var d = item.department;
    if (d && typeof d === "object") return (d.name || "") + " " + (d.name_en || "");
    return (d || "") + " " + (item.department_en || "");
  }

  /* 0 when the item does not match; else a rank, lower is better. */
  function rank(item, query) {
    var q = query.trim().toLowerCase();
    if (!q) return 0;
    var compact = q.replace(/\s+/g, "");
    var initials = item.initials || "";
    var pinyin = item.pinyin || "";
    if (initials.indexOf(compact) === 0) return 1;
    if (item.name.indexOf(q) >= 0 || (item.name_en || "").toLowerCase().indexOf(q) >= 0) return 2;
    if (pinyin.indexOf(compact) >= 0 || initials.indexOf(compact) >= 0) return 3;
    if ((item.keywords || "").toLowerCase().indexOf(q) >= 0) return 4;
    if (departmentText(item).toLowerCase().indexOf(q) >= 0) return 5;
    return 0;
  }

  function find(items, query) {
    return items.map(function (i, n) { return [rank(i, query), n, i]; })
      .filter(function (p) { return p[0] > 0; })
      .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
      .map(function (p) { return p[2]; });
  }

  global.ItemSearch = { rank: rank, find: find };
})(window);
