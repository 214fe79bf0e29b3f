/**
 * The test shop's consent banner and script gating, served as `/shop.js`: a small stand-in for Loupe's
 * SDK with the same contract (buttons marked `data-loupe-action`, rendered in an open shadow root; scripts
 * gated with `type="text/plain" data-loupe-purpose`; the regime taken from `/api/v1/consent/config`).
 * `window.SHOP_FLAGS` plants defects: `ignoreGpc` (sale/share tags load despite Global Privacy Control)
 * and `banner: "pushy"` (a OneTrust-style banner whose Reject all hides behind "Cookie settings").
 */
export const SHOP_SCRIPT = `(function () {
  var flags = window.SHOP_FLAGS || {};
  function cookie(name) {
    var m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? m[1] : null;
  }
  function activate(granted) {
    var gated = document.querySelectorAll('script[type="text/plain"][data-loupe-purpose]');
    for (var i = 0; i < gated.length; i++) {
      var el = gated[i];
      var needs = el.getAttribute("data-loupe-purpose").split(" ");
      if (!needs.every(function (p) { return granted.indexOf(p) >= 0; })) continue;
      var s = document.createElement("script");
      for (var j = 0; j < el.attributes.length; j++) {
        var a = el.attributes[j];
        if (a.name !== "type") s.setAttribute(a.name, a.value);
      }
      s.text = el.text;
      el.replaceWith(s);
    }
  }
  fetch("/api/v1/consent/config").then(function (r) { return r.json(); }).then(function (cfg) {
    var gpc = navigator.globalPrivacyControl === true && !flags.ignoreGpc;
    var required = cfg.purposes.filter(function (p) { return p.required; }).map(function (p) { return p.id; });
    var allowed = cfg.purposes.filter(function (p) { return !(gpc && p.saleOrShare); }).map(function (p) { return p.id; });
    var optional = cfg.purposes.filter(function (p) { return !p.required; });
    var choice = cookie("loupe_consent");
    var root;
    function choose(value) {
      document.cookie = "loupe_consent=" + value + "; max-age=31536000; path=/; SameSite=Lax";
      if (value === "none") {
        optional.forEach(function (p) {
          p.cookies.forEach(function (n) { document.cookie = n + "=; max-age=0; path=/"; });
        });
      }
      if (root) root.remove();
      activate(value === "all" ? allowed : required);
    }
    if (choice === "all") return activate(allowed);
    if (choice === "none") return activate(required);
    if (cfg.regime === "opt-out") return activate(allowed);
    activate(required);
    if (flags.banner === "pushy") {
      root = document.createElement("div");
      root.id = "onetrust-consent-sdk";
      root.innerHTML =
        '<div id="onetrust-banner-sdk" style="position:fixed;left:0;right:0;bottom:0;background:#fff;padding:16px;border-top:1px solid #ccc">' +
        "<p>We and our partners use cookies to give you the best experience.</p>" +
        '<button id="onetrust-accept-btn-handler" style="background:#0a7d32;color:#fff;border:0;font-size:20px;padding:16px 48px">Accept All Cookies</button> ' +
        '<a href="#" id="onetrust-pc-btn-handler" style="color:#aaa;font-size:12px">Cookie settings</a></div>' +
        '<div id="onetrust-pc-sdk" role="dialog" hidden style="position:fixed;top:20%;left:20%;background:#fff;padding:16px;border:1px solid #999">' +
        '<label><input type="checkbox" checked> Analytics</label> <label><input type="checkbox" checked> Advertising</label> ' +
        '<button class="save-preference-btn-handler">Confirm My Choices</button> <button class="ot-pc-refuse-all-handler">Reject All</button></div>';
      document.body.appendChild(root);
      root.querySelector("#onetrust-accept-btn-handler").onclick = function () { choose("all"); };
      root.querySelector("#onetrust-pc-btn-handler").onclick = function (e) {
        e.preventDefault();
        root.querySelector("#onetrust-banner-sdk").hidden = true;
        root.querySelector("#onetrust-pc-sdk").hidden = false;
      };
      root.querySelector(".ot-pc-refuse-all-handler").onclick = function () { choose("none"); };
      root.querySelector(".save-preference-btn-handler").onclick = function () { choose("none"); };
      return;
    }
    root = document.createElement("div");
    root.setAttribute("data-loupe", "");
    root.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:2147483647";
    var shadow = root.attachShadow({ mode: "open" });
    var button = "font:16px sans-serif;padding:10px 18px;background:#222;color:#fff;border:0;border-radius:4px";
    shadow.innerHTML =
      '<div role="dialog" aria-label="Cookie consent" style="background:#f4f4f4;padding:16px">' +
      "<p>We use cookies for analytics and advertising if you allow it.</p>" +
      '<button data-loupe-action="accept-all" style="' + button + '">Accept all</button> ' +
      '<button data-loupe-action="reject-all" style="' + button + '">Reject all</button> ' +
      '<button data-loupe-action="customise" style="' + button + '">Customise</button></div>';
    document.body.appendChild(root);
    shadow.querySelector('[data-loupe-action="accept-all"]').onclick = function () { choose("all"); };
    shadow.querySelector('[data-loupe-action="reject-all"]').onclick = function () { choose("none"); };
  });
})();
`;
