// Minga monitoring reviewers: key generation, unlocking and opening sealed reports in the
// browser (WebCrypto: X25519, HKDF-SHA256, AES-256-GCM, PBKDF2). Mirrors minga/monitoring/crypto.py.
// The private key never leaves this browser: it is kept in localStorage, encrypted with the
// reviewer's passphrase, and in the backup file the reviewer downloads.
(function () {
  "use strict";
  var subtle = window.crypto && window.crypto.subtle;
  var STORE = "minga-monitoring-key";
  var ITERATIONS = 600000;
  var enc = new TextEncoder();
  var dec = new TextDecoder();
  var i18nEl = document.getElementById("reviewer-i18n");
  function t(name) { return (i18nEl && i18nEl.dataset[name]) || name; }
  function b64(bytes) {
    var s = ""; var a = new Uint8Array(bytes);
    for (var i = 0; i < a.length; i += 0x8000) { s += String.fromCharCode.apply(null, a.subarray(i, i + 0x8000)); }
    return btoa(s);
  }
  function unb64(s) { var r = atob(s); var a = new Uint8Array(r.length); for (var i = 0; i < r.length; i++) { a[i] = r.charCodeAt(i); } return a; }
  function concat(a, b) { var out = new Uint8Array(a.length + b.length); out.set(a, 0); out.set(b, a.length); return out; }
  function aad(ref, part) { return enc.encode("minga-monitoring:v1:" + ref + ":" + part); }
  function say(id, text) { var el = document.getElementById(id); if (el) { el.textContent = text; } }

  function passphraseKey(passphrase, salt) {
    return subtle.importKey("raw", enc.encode(passphrase), "PBKDF2", false, ["deriveKey"]).then(function (base) {
      return subtle.deriveKey({ name: "PBKDF2", hash: "SHA-256", salt: salt, iterations: ITERATIONS }, base,
        { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
    });
  }

  function wrappingKey(shared, ephemeralRaw, recipientRaw, usage) {
    return subtle.importKey("raw", shared, "HKDF", false, ["deriveKey"]).then(function (base) {
      return subtle.deriveKey({ name: "HKDF", hash: "SHA-256", salt: concat(ephemeralRaw, recipientRaw), info: enc.encode("minga-monitoring-seal-v1") },
        base, { name: "AES-GCM", length: 256 }, false, [usage]);
    });
  }

  // sealed = ephemeral public (32) | nonce (12) | AES-GCM(content key)
  function unseal(sealed, privateKey, publicRaw, associated) {
    var ephemeralRaw = sealed.slice(0, 32);
    return subtle.importKey("raw", ephemeralRaw, { name: "X25519" }, false, []).then(function (eph) {
      return subtle.deriveBits({ name: "X25519", public: eph }, privateKey, 256);
    }).then(function (shared) {
      return wrappingKey(shared, ephemeralRaw, publicRaw, "decrypt");
    }).then(function (wrap) {
      return subtle.decrypt({ name: "AES-GCM", iv: sealed.slice(32, 44), additionalData: associated }, wrap, sealed.slice(44));
    }).then(function (raw) { return new Uint8Array(raw); });
  }

  function seal(contentKey, recipientRaw, associated) {
    var ephemeralRaw;
    var pair;
    return subtle.generateKey({ name: "X25519" }, true, ["deriveBits"]).then(function (p) {
      pair = p;
      return subtle.exportKey("raw", p.publicKey);
    }).then(function (raw) {
      ephemeralRaw = new Uint8Array(raw);
      return subtle.importKey("raw", recipientRaw, { name: "X25519" }, false, []);
    }).then(function (recipient) {
      return subtle.deriveBits({ name: "X25519", public: recipient }, pair.privateKey, 256);
    }).then(function (shared) {
      return wrappingKey(shared, ephemeralRaw, recipientRaw, "encrypt");
    }).then(function (wrap) {
      var iv = window.crypto.getRandomValues(new Uint8Array(12));
      return subtle.encrypt({ name: "AES-GCM", iv: iv, additionalData: associated }, wrap, contentKey).then(function (ct) {
        return concat(concat(ephemeralRaw, iv), new Uint8Array(ct));
      });
    });
  }

  function decryptWith(contentKey, blob, associated) {
    return subtle.importKey("raw", contentKey, "AES-GCM", false, ["decrypt"]).then(function (key) {
      return subtle.decrypt({ name: "AES-GCM", iv: blob.slice(0, 12), additionalData: associated }, key, blob.slice(12));
    }).then(function (raw) { return new Uint8Array(raw); });
  }

  function stored() { try { return JSON.parse(window.localStorage.getItem(STORE) || "null"); } catch (e) { return null; } }

  function unlock(passphrase) {
    var backup = stored();
    if (!backup) { return Promise.reject(new Error(t("nokey"))); }
    return passphraseKey(passphrase, unb64(backup.salt)).then(function (key) {
      return subtle.decrypt({ name: "AES-GCM", iv: unb64(backup.iv) }, key, unb64(backup.wrapped));
    }).then(function (pkcs8) {
      return subtle.importKey("pkcs8", pkcs8, { name: "X25519" }, false, ["deriveBits"]);
    }, function () { throw new Error(t("badpass")); }).then(function (privateKey) {
      return { privateKey: privateKey, publicRaw: unb64(backup.public) };
    });
  }

  // Key page ------------------------------------------------------------------------------
  function setupKeygen() {
    var button = document.getElementById("generate-key");
    if (!button) { return; }
    var field = document.getElementById("id_public_key");
    var current = stored();
    if (current && field && !field.value) { field.value = current.public; }
    button.addEventListener("click", function () {
      var p1 = document.getElementById("passphrase").value;
      var p2 = document.getElementById("passphrase2").value;
      if (p1.length < 12 || p1 !== p2) { say("keygen-status", t("mismatch")); return; }
      if (!subtle) { say("keygen-status", t("unsupported")); return; }
      var pair; var publicRaw; var salt = window.crypto.getRandomValues(new Uint8Array(16));
      var iv = window.crypto.getRandomValues(new Uint8Array(12));
      subtle.generateKey({ name: "X25519" }, true, ["deriveBits"]).then(function (p) {
        pair = p; return subtle.exportKey("raw", p.publicKey);
      }).then(function (raw) {
        publicRaw = new Uint8Array(raw); return subtle.exportKey("pkcs8", pair.privateKey);
      }).then(function (pkcs8) {
        return passphraseKey(p1, salt).then(function (key) {
          return subtle.encrypt({ name: "AES-GCM", iv: iv }, key, pkcs8);
        });
      }).then(function (wrapped) {
        var backup = { format: "minga-monitoring-reviewer-key", v: 1, kdf: "PBKDF2-SHA256", iterations: ITERATIONS,
          salt: b64(salt), iv: b64(iv), wrapped: b64(wrapped), public: b64(publicRaw) };
        var text = JSON.stringify(backup);
        window.localStorage.setItem(STORE, text);
        var link = document.getElementById("backup-link");
        link.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
        link.hidden = false;
        if (field) { field.value = backup.public; }
        say("keygen-status", t("generated"));
      }).catch(function () { say("keygen-status", t("unsupported")); });
    });
    var file = document.getElementById("backup-file");
    if (file) {
      file.addEventListener("change", function () {
        if (!file.files.length) { return; }
        file.files[0].text().then(function (text) {
          var backup = JSON.parse(text);
          if (backup.format !== "minga-monitoring-reviewer-key" || !backup.public || !backup.wrapped) { throw new Error(); }
          window.localStorage.setItem(STORE, JSON.stringify(backup));
          if (field) { field.value = backup.public; }
          say("restore-status", t("restored"));
        }).catch(function () { say("restore-status", t("badfile")); });
      });
    }
  }

  // Case page -------------------------------------------------------------------------------
  function addRow(dl, label, value) {
    var dt = document.createElement("dt"); dt.textContent = label;
    var dd = document.createElement("dd"); dd.className = "decrypted"; dd.textContent = value;
    dl.appendChild(dt); dl.appendChild(dd);
  }

  function label(labels, value) {
    if (Array.isArray(value)) { return value.map(function (v) { return labels[v] || v; }).join(", "); }
    return labels[value] || String(value);
  }

  function setupCase() {
    var section = document.querySelector("[data-monitoring-case]");
    if (!section) { return; }
    var button = document.getElementById("open-report");
    var out = document.getElementById("case-content");
    var labelsEl = document.getElementById("monitoring-labels");
    var labels = labelsEl ? JSON.parse(labelsEl.textContent) : { fields: {}, codes: {} };
    button.addEventListener("click", function () {
      say("case-status", t("opening"));
      var keys;
      unlock(document.getElementById("unlock-passphrase").value).then(function (k) {
        keys = k;
        return fetch(section.dataset.url, { credentials: "same-origin" }).then(function (r) { return r.json(); });
      }).then(function (data) {
        out.textContent = "";
        if (data.destroyed) { say("case-status", t("destroyed")); return null; }
        var chain = Promise.resolve();
        data.submissions.forEach(function (s) {
          chain = chain.then(function () { return openSubmission(data.reference, s, keys, labels, section, out); });
        });
        return chain.then(function () { say("case-status", t("opened")); });
      }).catch(function (e) { say("case-status", e.message || t("failed")); });
    });
  }

  function openSubmission(ref, s, keys, labels, section, out) {
    var article = document.createElement("article");
    article.className = "card";
    var h = document.createElement("h3");
    h.textContent = t(s.kind) + " · " + s.created.slice(0, 10);
    article.appendChild(h);
    out.appendChild(article);
    if (!s.sealed_key) { var p = document.createElement("p"); p.textContent = t("nokeyforpart"); article.appendChild(p); return Promise.resolve(); }
    return unseal(unb64(s.sealed_key), keys.privateKey, keys.publicRaw, aad(ref, "key:" + s.id)).then(function (contentKey) {
      return decryptWith(contentKey, unb64(s.payload), aad(ref, "payload:" + s.id)).then(function (raw) {
        var payload = JSON.parse(dec.decode(raw));
        var dl = document.createElement("dl");
        Object.keys(payload).forEach(function (name) {
          if (name === "files" || payload[name] === "" || (Array.isArray(payload[name]) && !payload[name].length)) { return; }
          addRow(dl, labels.fields[name] || name, label(labels.codes, payload[name]));
        });
        article.appendChild(dl);
        var done = Promise.resolve();
        if (s.contact) {
          done = decryptWith(contentKey, unb64(s.contact), aad(ref, "contact:" + s.id)).then(function (c) { addRow(dl, t("contact"), dec.decode(c)); });
        }
        var meta = {};
        (payload.files || []).forEach(function (f) { meta[f.position] = f; });
        s.files.forEach(function (f) {
          done = done.then(function () {
            return fetch(section.dataset.filesUrl + f.id + "/", { credentials: "same-origin" }).then(function (r) { return r.arrayBuffer(); }).then(function (buf) {
              var part = "file:" + s.id + ":" + f.position + ":" + (f.original ? "original" : "clean");
              return decryptWith(contentKey, new Uint8Array(buf), aad(ref, part));
            }).then(function (plain) {
              var info = meta[f.position] || { name: "file", type: "application/octet-stream" };
              var a = document.createElement("a");
              a.href = URL.createObjectURL(new Blob([plain], { type: f.original ? "application/octet-stream" : info.type }));
              a.download = (f.original ? "original-" : "") + info.name;
              a.textContent = t("download") + ": " + info.name + (f.original ? " (" + t("original") + ")" : "");
              var para = document.createElement("p"); para.appendChild(a); article.appendChild(para);
            });
          });
        });
        return done;
      });
    }).catch(function () { var p = document.createElement("p"); p.textContent = t("failed"); article.appendChild(p); });
  }

  // Grant page ------------------------------------------------------------------------------
  function setupGrant() {
    var box = document.querySelector("[data-monitoring-grant]");
    if (!box) { return; }
    document.getElementById("grant-run").addEventListener("click", function () {
      var keys; var count = 0;
      unlock(document.getElementById("unlock-passphrase").value).then(function (k) {
        keys = k;
        return fetch(box.dataset.url + "?format=json", { credentials: "same-origin" }).then(function (r) { return r.json(); });
      }).then(function (data) {
        var chain = Promise.resolve();
        data.targets.forEach(function (target) {
          var sealed = {};
          target.items.forEach(function (item) {
            chain = chain.then(function () {
              var associated = aad(item.reference, "key:" + item.submission_id);
              return unseal(unb64(item.sealed), keys.privateKey, keys.publicRaw, associated).then(function (contentKey) {
                return seal(contentKey, unb64(target.public_key), associated);
              }).then(function (blob) { sealed[item.submission_id] = b64(blob); });
            });
          });
          chain = chain.then(function () {
            return fetch(box.dataset.url, { method: "POST", credentials: "same-origin",
              headers: { "Content-Type": "application/json", "X-CSRFToken": document.getElementById("csrf-token").value },
              body: JSON.stringify({ key_id: target.key_id, sealed: sealed }) }).then(function (r) { return r.json(); }).then(function (res) { count += res.stored || 0; });
          });
        });
        return chain;
      }).then(function () {
        say("grant-status", count ? t("granted") + " " + count : t("nothing"));
      }).catch(function (e) { say("grant-status", e.message || t("failed")); });
    });
  }

  setupKeygen();
  setupCase();
  setupGrant();
}());
