/*
 * Chat widget for a Rasa server's REST channel.
 *
 * Plain JavaScript, no dependencies, no build step, no requests to anyone but
 * the Rasa server (and its own stylesheet, next to this file). Embed with:
 *
 *   <script src="https://your-site/widget/chat-widget.js"
 *           data-server-url="https://bot.example.org"
 *           data-title="CAR T-cell therapy assistant"
 *           data-contact-phone="+1 555 010 0100"
 *           data-contact-label="Call the care team"></script>
 *
 * Options come from window.ChatWidgetConfig (an object set before this script
 * runs), then from data- attributes on the script tag (these win). See
 * web/README.md for the list.
 *
 * Security: every message is put on the page as text (textContent /
 * createTextNode), never as HTML. Links are made only for http:, https: and
 * mailto: URLs and open in a new tab with rel="noopener noreferrer".
 */
(function () {
  "use strict";

  if (window.ChatWidget && window.ChatWidget.loaded) {
    return; // the script was included twice
  }

  var script = document.currentScript ||
    document.querySelector('script[src*="chat-widget.js"]');

  var DEFAULTS = {
    serverUrl: "http://127.0.0.1:5005",
    title: "Chat assistant",
    subtitle: "",
    greeting: "Hello! How can I help you?",
    primaryColor: "",
    primaryTextColor: "",
    position: "right",
    launcherLabel: "Chat",
    placeholder: "Type your question",
    storageKey: "chat-widget",
    stylesheet: "",
    timeoutMs: 30000,
    // The contact link in the header (the same place on every screen): shown
    // as a tel: link when contactPhone is set (digits, spaces, + - . ( ) only).
    contactPhone: "",
    contactLabel: "Call your care team",
    contactHours: "",
    feedback: "on",
    transcriptName: "conversation.txt"
  };

  var TEXT = {
    you: "You said:",
    bot: "Assistant said:",
    typing: "The assistant is typing",
    closeChat: "Close chat",
    startOver: "Start over",
    send: "Send",
    inputLabel: "Your message",
    conversation: "Conversation",
    suggestions: "Suggested replies",
    retry: "Retry",
    saveTranscript: "Save transcript",
    saveTranscriptLabel: "Save the conversation as a text file",
    transcriptTitle: "Conversation",
    helpfulQuestion: "Was this answer helpful?",
    helpful: "Helpful",
    notHelpful: "Not helpful",
    thanks: "Thank you. Your rating was saved.",
    ratingFailed: "Sorry, your rating could not be saved. Please try again.",
    image: "Image from the assistant",
    errors: {
      network: "Sorry, I can't reach the assistant right now. Check your internet connection, then try again.",
      timeout: "The assistant is taking too long to answer. Please try again.",
      http: "The assistant could not answer just now (error {status}). Please try again.",
      reply: "The assistant sent an answer this page cannot read. Please try again."
    }
  };

  var MAX_ENTRIES = 200;
  var SAFE_PROTOCOLS = { "http:": true, "https:": true, "mailto:": true, "tel:": true };
  var SVG_NS = "http://www.w3.org/2000/svg";

  // ---------------------------------------------------------------- config

  function readConfig() {
    var config = {};
    var fromObject = window.ChatWidgetConfig || {};
    var data = (script && script.dataset) || {};
    Object.keys(DEFAULTS).forEach(function (key) {
      var value = DEFAULTS[key];
      if (fromObject[key] !== undefined && fromObject[key] !== null) value = fromObject[key];
      if (data[key] !== undefined) value = data[key];
      config[key] = value;
    });
    config.serverUrl = String(config.serverUrl || DEFAULTS.serverUrl).replace(/\/+$/, "");
    config.timeoutMs = Number(config.timeoutMs) > 0 ? Number(config.timeoutMs) : DEFAULTS.timeoutMs;
    config.position = config.position === "left" ? "left" : "right";
    config.storageKey = String(config.storageKey || DEFAULTS.storageKey);
    config.contactPhone = String(config.contactPhone || "").trim();
    config.feedback = String(config.feedback) !== "off";
    if (!config.stylesheet && script && script.src) {
      config.stylesheet = new URL("chat-widget.css", script.src).href;
    }
    return config;
  }

  // --------------------------------------------------------------- storage

  function makeStore(area) {
    var memory = {};
    var storage = null;
    try {
      storage = window[area];
      var probe = "__chat_widget_probe__";
      storage.setItem(probe, probe);
      storage.removeItem(probe);
    } catch (e) {
      storage = null; // storage disabled: keep things for this page only
    }
    return {
      get: function (key) {
        if (storage) {
          try { return storage.getItem(key); } catch (e) { /* fall through */ }
        }
        return Object.prototype.hasOwnProperty.call(memory, key) ? memory[key] : null;
      },
      set: function (key, value) {
        memory[key] = value;
        if (storage) {
          try { storage.setItem(key, value); } catch (e) { /* quota: keep in memory */ }
        }
      },
      remove: function (key) {
        delete memory[key];
        if (storage) {
          try { storage.removeItem(key); } catch (e) { /* ignore */ }
        }
      }
    };
  }

  var UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  function newSenderId() {
    var cryptoApi = window.crypto;
    if (cryptoApi && typeof cryptoApi.randomUUID === "function") {
      return cryptoApi.randomUUID();
    }
    var bytes = new Uint8Array(16);
    cryptoApi.getRandomValues(bytes); // throws without Web Crypto: never Math.random
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" +
      hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function cleanButtons(buttons) {
    if (!Array.isArray(buttons)) return undefined;
    var result = [];
    buttons.forEach(function (button) {
      if (!button || typeof button.title !== "string") return;
      var clean = { title: button.title };
      if (typeof button.payload === "string") clean.payload = button.payload;
      if (typeof button.url === "string") clean.url = button.url;
      if (clean.payload !== undefined || clean.url !== undefined) result.push(clean);
    });
    return result.length ? result : undefined;
  }

  /** A transcript entry from a stored or received object, or null. */
  function cleanEntry(raw) {
    if (!raw || (raw.role !== "user" && raw.role !== "bot")) return null;
    var entry = { role: raw.role };
    if (typeof raw.text === "string") entry.text = raw.text;
    if (raw.role === "user") {
      if (typeof entry.text !== "string") return null;
      if (typeof raw.payload === "string") entry.payload = raw.payload;
      if (raw.status === "failed") entry.status = "failed";
      return entry;
    }
    var buttons = cleanButtons(raw.buttons);
    if (buttons) entry.buttons = buttons;
    if (typeof raw.image === "string") entry.image = raw.image;
    if (raw.rating === "up" || raw.rating === "down") entry.rating = raw.rating;
    if (raw.rate === true) entry.rate = true;
    if (entry.text === undefined && !entry.buttons && !entry.image) return null;
    return entry;
  }

  // -------------------------------------------------------------- rendering

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function srOnly(text) {
    return el("span", "ctw-sr", text);
  }

  function icon(paths, className) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", className || "ctw-icon");
    paths.forEach(function (d) {
      var path = document.createElementNS(SVG_NS, "path");
      path.setAttribute("d", d);
      svg.appendChild(path);
    });
    return svg;
  }

  var ICON_CHAT = ["M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"];
  var ICON_CLOSE = ["M6 6l12 12", "M18 6L6 18"];
  var ICON_SEND = ["M3 20l18-8L3 4v6l12 2-12 2z"];
  var ICON_UP = ["M2 10h4v11H2z", "M8 21h9.5a2 2 0 0 0 2-1.6l1.4-7A2 2 0 0 0 19 10h-5.5l.9-4.4A1.8 1.8 0 0 0 11 4.5L8 10z"];
  var ICON_DOWN = ["M2 3h4v11H2z", "M8 3h9.5a2 2 0 0 1 2 1.6l1.4 7A2 2 0 0 1 19 14h-5.5l.9 4.4A1.8 1.8 0 0 1 11 19.5L8 14z"];

  var PHONE_PATTERN = /^\+?[0-9][0-9 ().-]{2,30}$/;

  /** "tel:+15550100" for a phone number as people write it, else null. */
  function telHref(phone) {
    if (!PHONE_PATTERN.test(phone)) return null;
    var digits = phone.replace(/[^0-9]/g, "");
    if (digits.length < 3 || digits.length > 15) return null;
    return "tel:" + (phone.charAt(0) === "+" ? "+" : "") + digits;
  }

  /** The conversation as plain text, for "Save transcript". */
  function transcriptText(title, entries) {
    var lines = [title, ""];
    entries.forEach(function (entry) {
      var who = entry.role === "user" ? "You" : "Assistant";
      var text = entry.text || "";
      if (entry.buttons) {
        text += (text ? "\n" : "") + entry.buttons.map(function (b) {
          return "[" + b.title + "]";
        }).join(" ");
      }
      lines.push(who + ": " + text.replace(/\n/g, "\n  "));
    });
    return lines.join("\n") + "\n";
  }

  /** The URL if it is an absolute http(s)/mailto URL, else null. */
  function safeUrl(candidate) {
    if (typeof candidate !== "string") return null;
    var url;
    try {
      url = new URL(candidate.trim());
    } catch (e) {
      return null;
    }
    return SAFE_PROTOCOLS[url.protocol] ? url.href : null;
  }

  function link(href, label) {
    var a = el("a", "ctw-link", label);
    a.href = href;
    if (href.indexOf("tel:") === 0) return a; // a phone number: the phone app, no new tab
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  // **bold**, [label](url), bare http(s):// and mailto: URLs.
  var INLINE = /\*\*(?=\S)([\s\S]*?\S)\*\*|\[([^\]\n]+)\]\(([^()\s]+)\)|((?:https?:\/\/|mailto:)[^\s<>"]+)/g;
  var TRAILING = /[.,;:!?'")\]]+$/;

  function appendInline(parent, text, allowBold) {
    var last = 0;
    var match;
    var pattern = new RegExp(INLINE.source, "g");
    while ((match = pattern.exec(text)) !== null) {
      var source = match[0];
      if (match.index > last) {
        parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      }
      if (match[1] !== undefined) {
        if (allowBold) {
          var strong = el("strong");
          appendInline(strong, match[1], false);
          parent.appendChild(strong);
        } else {
          appendInline(parent, match[1], false);
        }
      } else if (match[2] !== undefined) {
        var target = safeUrl(match[3]);
        parent.appendChild(target ? link(target, match[2]) : document.createTextNode(source));
      } else {
        var raw = match[4];
        var trailing = (raw.match(TRAILING) || [""])[0];
        var bare = raw.slice(0, raw.length - trailing.length);
        var href = safeUrl(bare);
        if (href && bare.length > "mailto:".length) {
          parent.appendChild(link(href, bare.replace(/^mailto:/, "")));
          if (trailing) parent.appendChild(document.createTextNode(trailing));
        } else {
          parent.appendChild(document.createTextNode(source));
        }
      }
      last = match.index + source.length;
    }
    if (last < text.length) {
      parent.appendChild(document.createTextNode(text.slice(last)));
    }
  }

  /** Bot text as paragraphs, line breaks and "- item" / "1. item" lists. */
  function formatText(text) {
    var fragment = document.createDocumentFragment();
    var lines = String(text).replace(/\r\n?/g, "\n").split("\n");
    var paragraph = null;
    var list = null;
    var listType = null;

    lines.forEach(function (line) {
      var bullet = /^\s*[-*\u2022]\s+(.*)$/.exec(line);
      var numbered = /^\s*(\d{1,9})[.)]\s+(.*)$/.exec(line);
      if (bullet || numbered) {
        var type = bullet ? "ul" : "ol";
        if (!list || listType !== type) {
          list = el(type, "ctw-list");
          listType = type;
          if (numbered && Number(numbered[1]) !== 1) list.start = Number(numbered[1]);
          fragment.appendChild(list);
        }
        paragraph = null;
        var item = el("li");
        appendInline(item, bullet ? bullet[1] : numbered[2], true);
        list.appendChild(item);
        return;
      }
      list = null;
      listType = null;
      if (!line.trim()) {
        paragraph = null; // a blank line starts a new paragraph
        return;
      }
      if (paragraph) {
        paragraph.appendChild(el("br"));
      } else {
        paragraph = el("p", "ctw-p");
        fragment.appendChild(paragraph);
      }
      appendInline(paragraph, line, true);
    });
    return fragment;
  }

  // ----------------------------------------------------------------- widget

  function Widget(config) {
    this.config = config;
    this.local = makeStore("localStorage");
    this.session = makeStore("sessionStorage");
    this.keys = {
      sender: config.storageKey + ":sender",
      transcript: config.storageKey + ":transcript",
      open: config.storageKey + ":open"
    };
    this.busy = false;
    this.generation = 0;
    this.errorNode = null;
    this.typingNode = null;
    this.loadState();
    this.build();
    if (this.session.get(this.keys.open) === "1") this.open({ focus: false });
  }

  Widget.prototype.loadState = function () {
    var sender = this.local.get(this.keys.sender);
    if (!sender || !UUID_PATTERN.test(sender)) {
      sender = newSenderId();
      this.local.set(this.keys.sender, sender);
      this.local.remove(this.keys.transcript);
    }
    this.senderId = sender;
    var entries = [];
    try {
      var stored = JSON.parse(this.local.get(this.keys.transcript) || "[]");
      if (Array.isArray(stored)) {
        stored.forEach(function (raw) {
          var entry = cleanEntry(raw);
          if (entry) entries.push(entry);
        });
      }
    } catch (e) {
      entries = []; // unreadable: start with an empty transcript
    }
    this.transcript = entries.slice(-MAX_ENTRIES);
  };

  Widget.prototype.save = function () {
    if (this.transcript.length > MAX_ENTRIES) {
      this.transcript = this.transcript.slice(-MAX_ENTRIES);
    }
    this.local.set(this.keys.transcript, JSON.stringify(this.transcript));
  };

  Widget.prototype.build = function () {
    var self = this;
    var config = this.config;

    this.host = el("div", "chat-widget-host");
    this.host.setAttribute("data-chat-widget", "");
    setColour(this.host, "--ctw-primary", config.primaryColor);
    setColour(this.host, "--ctw-on-primary", config.primaryTextColor);
    var root = this.host.attachShadow ? this.host.attachShadow({ mode: "open" }) : this.host;

    var frame = el("div", "ctw");
    frame.setAttribute("data-position", config.position);
    frame.hidden = true; // shown once the stylesheet has loaded
    this.frame = frame;

    if (config.stylesheet) {
      var sheet = el("link");
      sheet.rel = "stylesheet";
      sheet.href = config.stylesheet;
      sheet.addEventListener("load", function () { frame.hidden = false; });
      sheet.addEventListener("error", function () { frame.hidden = false; });
      root.appendChild(sheet);
    } else {
      frame.hidden = false;
    }

    // Panel
    var panel = el("section", "ctw-panel");
    panel.id = "ctw-panel";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-labelledby", "ctw-title");
    panel.hidden = true;
    this.panel = panel;

    var header = el("header", "ctw-header");
    var heading = el("div", "ctw-heading");
    var title = el("h2", "ctw-title", config.title);
    title.id = "ctw-title";
    heading.appendChild(title);
    if (config.subtitle) heading.appendChild(el("p", "ctw-subtitle", config.subtitle));
    // The contact slot: always here, in the header, whatever the screen size.
    var contact = el("p", "ctw-contact");
    var tel = telHref(config.contactPhone);
    if (tel) {
      var call = el("a", "ctw-contact-link", config.contactLabel + ": " + config.contactPhone);
      call.href = tel;
      contact.appendChild(call);
      if (config.contactHours) contact.appendChild(el("span", "ctw-contact-hours", " " + config.contactHours));
    } else {
      contact.hidden = true;
    }
    this.contact = contact;
    header.appendChild(heading);

    this.saveButton = el("button", "ctw-save", TEXT.saveTranscript);
    this.saveButton.type = "button";
    this.saveButton.title = TEXT.saveTranscriptLabel;
    this.saveButton.addEventListener("click", function () { self.saveTranscript(); });
    header.appendChild(this.saveButton);

    this.restartButton = el("button", "ctw-restart", TEXT.startOver);
    this.restartButton.type = "button";
    this.restartButton.addEventListener("click", function () { self.startOver(); });
    header.appendChild(this.restartButton);

    this.closeButton = el("button", "ctw-close");
    this.closeButton.type = "button";
    this.closeButton.setAttribute("aria-label", TEXT.closeChat);
    this.closeButton.title = TEXT.closeChat;
    this.closeButton.appendChild(icon(ICON_CLOSE));
    this.closeButton.addEventListener("click", function () { self.close({ focusLauncher: true }); });
    header.appendChild(this.closeButton);
    header.appendChild(contact); // a full-width row under the title and buttons
    panel.appendChild(header);

    var log = el("div", "ctw-log");
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");
    log.setAttribute("aria-relevant", "additions");
    log.setAttribute("aria-label", TEXT.conversation);
    log.tabIndex = 0; // lets keyboard users scroll the conversation
    this.log = log;
    panel.appendChild(log);

    // Announcements that are not messages (a rating saved), outside the log.
    this.status = el("div", "ctw-sr");
    this.status.setAttribute("role", "status");
    panel.appendChild(this.status);

    var form = el("form", "ctw-form");
    form.setAttribute("novalidate", "");
    var label = el("label", "ctw-sr", TEXT.inputLabel);
    label.htmlFor = "ctw-input";
    var input = el("input", "ctw-input");
    input.id = "ctw-input";
    input.type = "text";
    input.autocomplete = "off";
    input.maxLength = 1000;
    input.placeholder = config.placeholder;
    input.setAttribute("enterkeyhint", "send");
    this.input = input;
    var send = el("button", "ctw-send");
    send.type = "submit";
    send.appendChild(icon(ICON_SEND));
    send.appendChild(el("span", "ctw-send-label", TEXT.send));
    this.sendButton = send;
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(send);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (self.send(input.value)) input.value = "";
    });
    panel.appendChild(form);

    frame.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && self.isOpen()) {
        event.preventDefault();
        event.stopPropagation();
        self.close({ focusLauncher: true });
      }
    });

    // Focus on the page never hides behind the open panel: the page scrolls the
    // focused element clear of it, or, if it cannot, the panel closes.
    document.addEventListener("focusin", function (event) {
      if (event.target !== self.host) self.uncover(event.target);
    });

    // Launcher
    var launcher = el("button", "ctw-launcher");
    launcher.type = "button";
    launcher.setAttribute("aria-controls", "ctw-panel");
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-label", config.launcherLabel + ": " + config.title);
    launcher.appendChild(icon(ICON_CHAT, "ctw-icon ctw-icon-open"));
    launcher.appendChild(icon(ICON_CLOSE, "ctw-icon ctw-icon-close"));
    launcher.appendChild(el("span", "ctw-launcher-label", config.launcherLabel));
    launcher.addEventListener("click", function () { self.toggle(); });
    this.launcher = launcher;

    frame.appendChild(panel);
    frame.appendChild(launcher);
    root.appendChild(frame);
    // The stored conversation is drawn before the log is on the page, so the live
    // region announces only messages that arrive from now on.
    this.renderTranscript();
    document.body.appendChild(this.host);
  };

  function setColour(node, property, value) {
    if (!value) return;
    var ok = window.CSS && typeof window.CSS.supports === "function"
      ? window.CSS.supports("color", value) : /^#[0-9a-f]{3,8}$/i.test(value);
    if (ok) node.style.setProperty(property, value);
  }

  Widget.prototype.isOpen = function () {
    return !this.panel.hidden;
  };

  Widget.prototype.open = function (options) {
    options = options || {};
    this.panel.hidden = false;
    this.frame.classList.add("ctw--open");
    this.launcher.setAttribute("aria-expanded", "true");
    this.session.set(this.keys.open, "1");
    this.scrollToEnd();
    if (options.focus !== false) this.input.focus();
  };

  Widget.prototype.close = function (options) {
    options = options || {};
    this.panel.hidden = true;
    this.frame.classList.remove("ctw--open");
    this.launcher.setAttribute("aria-expanded", "false");
    this.session.remove(this.keys.open);
    if (options.focusLauncher) this.launcher.focus();
  };

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  Widget.prototype.uncover = function (target) {
    if (!target || typeof target.getBoundingClientRect !== "function") return;
    var self = this;
    function cover() {
      var node = self.isOpen() ? self.panel : self.launcher;
      var box = node.getBoundingClientRect();
      return box.width && box.height ? box : null;
    }
    var box = cover();
    var rect = target.getBoundingClientRect();
    if (!box || !overlaps(rect, box)) return;
    window.scrollBy(0, rect.bottom - box.top + 16);
    box = cover();
    if (box && overlaps(target.getBoundingClientRect(), box) && this.isOpen()) {
      this.close({ focusLauncher: false });
    }
  };

  Widget.prototype.toggle = function () {
    if (this.isOpen()) this.close({ focusLauncher: true });
    else this.open();
  };

  Widget.prototype.scrollToEnd = function () {
    this.log.scrollTop = this.log.scrollHeight;
  };

  Widget.prototype.renderTranscript = function () {
    this.log.textContent = "";
    this.errorNode = null;
    this.typingNode = null;
    if (this.config.greeting) {
      this.log.appendChild(this.messageNode({ role: "bot", text: this.config.greeting }, true));
    }
    var self = this;
    this.transcript.forEach(function (entry) {
      self.log.appendChild(self.messageNode(entry));
    });
    var last = this.transcript[this.transcript.length - 1];
    if (last && last.role === "user" && last.status === "failed") {
      this.showError(last, "network");
    }
  };

  Widget.prototype.messageNode = function (entry, isGreeting) {
    var self = this;
    var node = el("div", "ctw-msg ctw-msg--" + entry.role);
    if (isGreeting) node.classList.add("ctw-msg--greeting");
    node.appendChild(srOnly(entry.role === "user" ? TEXT.you : TEXT.bot));
    if (entry.text !== undefined && entry.text !== "") {
      var bubble = el("div", "ctw-bubble");
      if (entry.role === "user") {
        bubble.textContent = entry.text; // what the user typed, exactly
      } else {
        bubble.appendChild(formatText(entry.text));
      }
      node.appendChild(bubble);
    }
    var image = entry.image && safeUrl(entry.image);
    if (image && /^https?:/.test(image)) {
      var img = el("img", "ctw-image");
      img.alt = TEXT.image;
      img.loading = "lazy";
      img.referrerPolicy = "no-referrer";
      img.src = image;
      node.appendChild(img);
    }
    if (entry.role === "bot" && entry.rate && this.config.feedback) {
      node.appendChild(this.feedbackNode(entry));
    }
    if (entry.buttons) {
      var group = el("div", "ctw-buttons");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", TEXT.suggestions);
      entry.buttons.forEach(function (button) {
        var href = button.url && safeUrl(button.url);
        if (href) {
          var a = link(href, button.title);
          a.className = "ctw-quick ctw-quick--link";
          group.appendChild(a);
          return;
        }
        if (button.payload === undefined) return;
        var b = el("button", "ctw-quick", button.title);
        b.type = "button";
        b.addEventListener("click", function () {
          self.send(button.payload, button.title);
        });
        group.appendChild(b);
      });
      if (group.childNodes.length) node.appendChild(group);
    }
    return node;
  };

  /** Thumbs up / down for one answer: two toggle buttons in a labelled group. */
  Widget.prototype.feedbackNode = function (entry) {
    var self = this;
    var group = el("div", "ctw-feedback");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", TEXT.helpfulQuestion);
    var buttons = {};
    [["up", TEXT.helpful, ICON_UP], ["down", TEXT.notHelpful, ICON_DOWN]].forEach(function (spec) {
      var b = el("button", "ctw-rate ctw-rate--" + spec[0]);
      b.type = "button";
      b.setAttribute("aria-label", spec[1]);
      b.title = spec[1];
      b.setAttribute("aria-pressed", entry.rating === spec[0] ? "true" : "false");
      b.appendChild(icon(spec[2]));
      b.addEventListener("click", function () {
        self.rate(entry, spec[0], buttons);
      });
      buttons[spec[0]] = b;
      group.appendChild(b);
    });
    return group;
  };

  Widget.prototype.rate = function (entry, rating, buttons) {
    var self = this;
    var sender = this.senderId;
    Object.keys(buttons).forEach(function (key) {
      buttons[key].setAttribute("aria-pressed", key === rating ? "true" : "false");
    });
    fetch(this.config.serverUrl + "/webhooks/feedback/webhook", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ sender: sender, rating: rating, answer: entry.text }),
      credentials: "omit",
      referrerPolicy: "no-referrer"
    }).then(function (response) {
      if (!response.ok) throw new Error("rating " + response.status);
      entry.rating = rating;
      self.save();
      self.announce(TEXT.thanks);
    }).catch(function () {
      Object.keys(buttons).forEach(function (key) {
        buttons[key].setAttribute("aria-pressed", key === entry.rating ? "true" : "false");
      });
      self.announce(TEXT.ratingFailed);
    });
  };

  Widget.prototype.announce = function (text) {
    var status = this.status;
    status.textContent = "";
    setTimeout(function () { status.textContent = text; }, 50);
  };

  /** Save the browser's own copy of the conversation as a text file (no request). */
  Widget.prototype.saveTranscript = function () {
    var text = transcriptText(this.config.title, this.transcript);
    var blob = new Blob([text], { type: "text/plain;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url;
    a.download = this.config.transcriptName || DEFAULTS.transcriptName;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  };

  Widget.prototype.add = function (entry) {
    this.transcript.push(entry);
    this.save();
    var node = this.messageNode(entry);
    this.log.appendChild(node);
    this.scrollToEnd();
    return node;
  };

  /** Show the end of the log, unless that hides the start of a long answer. */
  Widget.prototype.scrollToAnswer = function (node) {
    var top = node.offsetTop - 8;
    if (this.log.scrollHeight - top > this.log.clientHeight) {
      this.log.scrollTop = top;
    } else {
      this.scrollToEnd();
    }
  };

  /** Send a message; `shown` is what the user bubble says (a button's title). */
  Widget.prototype.send = function (message, shown) {
    message = typeof message === "string" ? message.trim() : "";
    if (!message || this.busy) return false;
    this.clearError();
    var entry = { role: "user", text: shown !== undefined ? String(shown) : message };
    if (entry.text !== message) entry.payload = message;
    this.add(entry);
    this.deliver(entry);
    return true;
  };

  Widget.prototype.setBusy = function (busy) {
    this.busy = busy;
    this.frame.classList.toggle("ctw--busy", busy);
    this.sendButton.setAttribute("aria-disabled", busy ? "true" : "false");
    if (busy) this.showTyping();
    else this.hideTyping();
  };

  Widget.prototype.showTyping = function () {
    if (this.typingNode) return;
    var node = el("div", "ctw-msg ctw-msg--typing");
    node.setAttribute("aria-hidden", "true"); // not a message: the log stays quiet
    node.appendChild(srOnly(TEXT.typing));
    var dots = el("div", "ctw-bubble ctw-dots");
    dots.setAttribute("aria-hidden", "true");
    dots.appendChild(el("span"));
    dots.appendChild(el("span"));
    dots.appendChild(el("span"));
    node.appendChild(dots);
    this.typingNode = node;
    this.log.appendChild(node);
    this.scrollToEnd();
  };

  Widget.prototype.hideTyping = function () {
    if (this.typingNode && this.typingNode.parentNode) {
      this.typingNode.parentNode.removeChild(this.typingNode);
    }
    this.typingNode = null;
  };

  Widget.prototype.deliver = function (entry) {
    var self = this;
    var generation = this.generation;
    var text = entry.payload !== undefined ? entry.payload : entry.text;
    delete entry.status;
    this.save();
    this.setBusy(true);
    this.post(text).then(function (messages) {
      if (generation !== self.generation) return; // "Start over" happened meanwhile
      self.setBusy(false);
      var first = null;
      var entries = [];
      messages.forEach(function (message) {
        var bot = cleanEntry({
          role: "bot",
          text: message.text,
          buttons: message.buttons || message.quick_replies,
          image: message.image
        });
        if (bot) entries.push(bot);
      });
      // One rating per answer: on the message with the suggested replies (before
      // them, so they stay right above the text box), else on the last message.
      var rated = null;
      entries.forEach(function (bot) { if (bot.text && bot.buttons) rated = rated || bot; });
      for (var i = entries.length - 1; !rated && i >= 0; i--) {
        if (entries[i].text) rated = entries[i];
      }
      if (rated) rated.rate = true;
      entries.forEach(function (bot) {
        var node = self.add(bot);
        first = first || node;
      });
      if (first) self.scrollToAnswer(first);
    }, function (error) {
      if (generation !== self.generation) return;
      self.setBusy(false);
      entry.status = "failed";
      self.save();
      self.showError(entry, error && error.kind, error && error.status);
    });
  };

  Widget.prototype.post = function (message) {
    var config = this.config;
    var sender = this.senderId;
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timedOut = false;
    var timer = setTimeout(function () {
      timedOut = true;
      if (controller) controller.abort();
    }, config.timeoutMs);

    function fail(kind, status) {
      var error = new Error(kind);
      error.kind = kind;
      error.status = status;
      return error;
    }

    return fetch(config.serverUrl + "/webhooks/rest/webhook", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ sender: sender, message: message }),
      credentials: "omit",
      referrerPolicy: "no-referrer",
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (!response.ok) throw fail("http", response.status);
      return response.json().catch(function () { throw fail("reply"); });
    }, function () {
      throw fail(timedOut ? "timeout" : "network");
    }).then(function (body) {
      clearTimeout(timer);
      if (!Array.isArray(body)) throw fail("reply");
      return body.filter(function (message) { return message && typeof message === "object"; });
    }, function (error) {
      clearTimeout(timer);
      throw error.kind ? error : fail(timedOut ? "timeout" : "network");
    });
  };

  Widget.prototype.showError = function (entry, kind, status) {
    var self = this;
    this.clearError();
    var message = TEXT.errors[kind] || TEXT.errors.network;
    message = message.replace("{status}", status || "");
    var node = el("div", "ctw-error");
    node.setAttribute("role", "alert");
    node.appendChild(el("p", "ctw-error-text", message));
    var retry = el("button", "ctw-retry", TEXT.retry);
    retry.type = "button";
    retry.addEventListener("click", function () {
      if (self.busy) return;
      self.clearError();
      self.input.focus();
      self.deliver(entry);
    });
    node.appendChild(retry);
    this.errorNode = node;
    this.log.appendChild(node);
    this.scrollToEnd();
  };

  Widget.prototype.clearError = function () {
    if (this.errorNode && this.errorNode.parentNode) {
      this.errorNode.parentNode.removeChild(this.errorNode);
    }
    this.errorNode = null;
  };

  /** A new conversation: new sender id, empty transcript. */
  Widget.prototype.startOver = function () {
    this.generation += 1;
    this.setBusy(false);
    this.senderId = newSenderId();
    this.local.set(this.keys.sender, this.senderId);
    this.transcript = [];
    this.local.remove(this.keys.transcript);
    this.renderTranscript();
    this.input.value = "";
    this.input.focus();
  };

  // ------------------------------------------------------------------ start

  function start() {
    var widget = new Widget(readConfig());
    window.ChatWidget = {
      loaded: true,
      open: function () { widget.open(); },
      close: function () { widget.close(); },
      toggle: function () { widget.toggle(); },
      send: function (text) { return widget.send(text); },
      startOver: function () { widget.startOver(); }
    };
  }

  window.ChatWidget = { loaded: true };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
