/* The satisfaction pad's words, in Chinese and English (I18n.init takes this catalog).
 * The pad's questions and faces are drawn in both languages by its template. */
window.PAD_TEXT = {
  zh: { offline: "与服务器的连接已断开，正在重新连接…", ticket: "号码 {n}", staff_no: "工号" },
  en: { offline: "Lost the connection to the server. Reconnecting…", ticket: "Number {n}", staff_no: "Staff no." },
};
