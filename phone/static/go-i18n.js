/* The words of the "where to go now" page, added to the phone pages' catalog. */
(function (cat) {
  "use strict";
  var words = {
    zh: {
      "go.title": "现在去哪办",
      "go.lead": "选一个事项，看哪个服务中心现在等得最短。排队人数实时更新。",
      "go.live": "按预计等候时间排序，实时更新。",
      "go.minutes": "约等 {n} 分钟",
      "go.nowait": "现在去，几乎不用等",
      "go.waiting": "{n} 人在等",
      "go.windows": "{n} 个窗口在办",
      "go.nowindow": "今天暂无窗口办理此事项",
      "go.closed": "现在不开放",
      "go.none": "暂时没有服务中心办理此事项。",
      "go.book": "预约其他时间",
      "go.join": "在这里取号",
      "join.title": "手机取号",
      "join.send": "发送验证码",
      "join.sent": "验证码已发到 {phone}，10 分钟内有效。",
      "join.code": "验证码",
      "join.take": "取号",
      "join.wrong": "验证码不对、已用过或已过期，请重新获取。",
      "join.privacy": "手机号只用于发送验证码和叫号提醒。",
    },
    en: {
      "go.title": "Where to go now",
      "go.lead": "Choose what you need and see which service center has the shortest wait now. "
        + "Queues update live.",
      "go.live": "Shortest wait first, updated live.",
      "go.minutes": "about {n} min wait",
      "go.nowait": "Go now: hardly any wait",
      "go.waiting": "{n} waiting",
      "go.windows": "{n} windows serving",
      "go.nowindow": "No window serves this item right now",
      "go.closed": "Closed now",
      "go.none": "No service center offers this item at the moment.",
      "go.book": "Book another time",
      "go.join": "Take a number here",
      "join.title": "Take a number",
      "join.send": "Text me a code",
      "join.sent": "A code was sent to {phone}; it is valid for 10 minutes.",
      "join.code": "Code",
      "join.take": "Take a number",
      "join.wrong": "That code is wrong, used or expired; ask for a new one.",
      "join.privacy": "Your phone number is used only for the code and the reminder of your call.",
    },
  };
  ["zh", "en"].forEach(function (lang) {
    cat[lang] = cat[lang] || {};
    Object.keys(words[lang]).forEach(function (k) { cat[lang][k] = words[lang][k]; });
  });
})(window.PHONE_I18N = window.PHONE_I18N || { zh: {}, en: {} });
