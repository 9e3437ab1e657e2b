package com.fieldlead.capture.forms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fieldlead.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The script a marketer's page loads from this server (no CDN): it draws the form into
 * {@code <div id="fieldlead-form-KEY">} (or right before the script tag), with the fill-time token issued when the
 * script was served, an invisible honeypot field, the page's UTM parameters, referrer and address as hidden fields, and
 * the captcha widget's element when the form has one (the provider's own script is the page's to load). It builds the
 * page with DOM calls and {@code textContent} only, so labels cannot inject markup. Pure.
 */
final class EmbedScript {

  private static final Map<String, String> SUBMIT =
      Map.of("en", "Send", "de", "Absenden", "fr", "Envoyer", "es", "Enviar", "pt", "Enviar");

  private static final String TEMPLATE = """
      (function () {
        "use strict";
        var cfg = __CONFIG__;
        var script = document.currentScript;
        var base = script && script.src ? new URL(script.src).origin : "";
        var host = document.getElementById("fieldlead-form-" + cfg.key);
        if (!host) {
          host = document.createElement("div");
          script.parentNode.insertBefore(host, script);
        }
        var form = document.createElement("form");
        form.method = "post";
        form.action = base + "/v1/forms/" + cfg.key + "/submissions";
        form.className = "fieldlead-form";
        form.setAttribute("accept-charset", "utf-8");
        function hidden(name, value) {
          var i = document.createElement("input");
          i.type = "hidden";
          i.name = name;
          i.value = value;
          form.appendChild(i);
        }
        function row(input, labelText, checkbox) {
          var p = document.createElement("p");
          var label = document.createElement("label");
          label.htmlFor = input.id;
          label.textContent = labelText;
          if (checkbox) { p.appendChild(input); p.appendChild(label); }
          else { p.appendChild(label); p.appendChild(input); }
          form.appendChild(p);
        }
        cfg.fields.forEach(function (f) {
          var input;
          if (f.type === "textarea") {
            input = document.createElement("textarea");
          } else if (f.type === "select") {
            input = document.createElement("select");
            [""].concat(f.options || []).forEach(function (o) {
              var option = document.createElement("option");
              option.value = o;
              option.textContent = o;
              input.appendChild(option);
            });
          } else {
            input = document.createElement("input");
            input.type = f.type;
            if (f.type === "checkbox") { input.value = "on"; }
          }
          input.id = "fl-" + cfg.key + "-" + f.name;
          input.name = f.name;
          if (f.required) { input.required = true; }
          row(input, f.label + (f.required ? " *" : ""), f.type === "checkbox");
        });
        if (cfg.consent) {
          var consent = document.createElement("input");
          consent.type = "checkbox";
          consent.name = "consent";
          consent.value = "on";
          consent.id = "fl-" + cfg.key + "-consent";
          if (cfg.consent.required) { consent.required = true; }
          row(consent, cfg.consent.text, true);
        }
        // the honeypot: off screen, out of the tab order, hidden from assistive technology
        var trap = document.createElement("div");
        trap.setAttribute("aria-hidden", "true");
        trap.style.cssText = "position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden";
        var bait = document.createElement("input");
        bait.type = "text";
        bait.name = "_fl_website";
        bait.tabIndex = -1;
        bait.autocomplete = "off";
        trap.appendChild(bait);
        form.appendChild(trap);
        hidden("_fl_token", cfg.token);
        var params = new URLSearchParams(window.location.search);
        ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"].forEach(function (p) {
          var v = params.get(p);
          if (v) { hidden("_fl_" + p, v); }
        });
        if (document.referrer) { hidden("_fl_referrer", document.referrer); }
        hidden("_fl_page", window.location.origin + window.location.pathname);
        if (cfg.captcha) {
          var widget = document.createElement("div");
          widget.className = cfg.captcha.widgetClass;
          widget.setAttribute("data-sitekey", cfg.captcha.siteKey);
          form.appendChild(widget);
        }
        var send = document.createElement("button");
        send.type = "submit";
        send.textContent = cfg.submit;
        form.appendChild(send);
        host.appendChild(form);
      })();
      """;

  private EmbedScript() {}

  static String render(WebForm form, String token) {
    FormInput d = form.definition();
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("key", form.key());
    cfg.put("token", token);
    cfg.put("submit", SUBMIT.getOrDefault(d.locale(), SUBMIT.get("en")));
    cfg.put(
        "fields",
        d.fields().stream()
            .map(f -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("name", f.name());
              m.put("label", f.label() == null ? f.name() : f.label());
              m.put("type", f.type());
              m.put("required", f.required());
              m.put("options", f.options() == null ? List.of() : f.options());
              return m;
            })
            .toList());
    if (d.consent() != null) {
      cfg.put(
          "consent", Map.of("text", d.consent().text(), "required", d.consent().required()));
    }
    FormInput.Captcha c = d.captcha();
    if (c != null && c.siteKey() != null) {
      String widget =
          switch (c.provider() == null ? "" : c.provider()) {
            case "hcaptcha" -> "h-captcha";
            case "recaptcha" -> "g-recaptcha";
            default -> "cf-turnstile";
          };
      cfg.put("captcha", Map.of("siteKey", c.siteKey(), "widgetClass", widget));
    }
    try {
      // "</" escaped too, so the script stays whole when a page inlines it
      String json = Json.MAPPER.writeValueAsString(cfg).replace("</", "<\\/");
      return TEMPLATE.replace("__CONFIG__", json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("embed config not serialisable", e);
    }
  }
}
