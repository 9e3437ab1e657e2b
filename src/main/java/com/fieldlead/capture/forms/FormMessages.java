package com.fieldlead.capture.forms;

import com.fieldlead.lead.model.LeadSettings;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What a person filling a form reads, in the form's language (the lead settings' locales). Pure. */
final class FormMessages {

  /** One message. */
  enum Key {
    REQUIRED,
    EMAIL,
    NUMBER,
    OPTION,
    TOO_LONG,
    CONSENT,
    TOKEN_MISSING,
    TOO_FAST,
    CAPTCHA,
    RATE_LIMITED,
    UNAVAILABLE,
    INVALID,
    TITLE_ERRORS,
    TITLE_UNAVAILABLE,
    BACK
  }

  private static final Map<String, Map<Key, String>> TEXTS = Map.of(
      "en",
      texts(
          "This field is required.",
          "Enter a valid email address.",
          "Enter a number.",
          "Choose one of the options.",
          "This is too long.",
          "Please accept the consent statement to continue.",
          "This form was not loaded from its page or has expired. Reload the page and send it again.",
          "The form was sent too quickly. Please wait a moment and send it again.",
          "The captcha check failed. Please try again.",
          "Too many submissions from here. Please try again in a minute.",
          "We could not save your submission just now; nothing was saved. Please send it again in a"
              + " moment.",
          "This value is not valid.",
          "Please check the form",
          "Please try again shortly",
          "Back to the form"),
      "de",
      texts(
          "Dieses Feld ist erforderlich.",
          "Geben Sie eine gültige E-Mail-Adresse ein.",
          "Geben Sie eine Zahl ein.",
          "Wählen Sie eine der Optionen.",
          "Dieser Wert ist zu lang.",
          "Bitte stimmen Sie der Einwilligungserklärung zu, um fortzufahren.",
          "Dieses Formular wurde nicht von seiner Seite geladen oder ist abgelaufen. Laden Sie die Seite"
              + " neu und senden Sie es erneut.",
          "Das Formular wurde zu schnell gesendet. Bitte warten Sie einen Moment und senden Sie es"
              + " erneut.",
          "Die Captcha-Prüfung ist fehlgeschlagen. Bitte versuchen Sie es erneut.",
          "Zu viele Einsendungen von hier. Bitte versuchen Sie es in einer Minute erneut.",
          "Ihre Einsendung konnte gerade nicht gespeichert werden; es wurde nichts gespeichert. Bitte"
              + " senden Sie sie gleich erneut.",
          "Dieser Wert ist ungültig.",
          "Bitte prüfen Sie das Formular",
          "Bitte versuchen Sie es gleich erneut",
          "Zurück zum Formular"),
      "fr",
      texts(
          "Ce champ est obligatoire.",
          "Saisissez une adresse e-mail valide.",
          "Saisissez un nombre.",
          "Choisissez l'une des options.",
          "Cette valeur est trop longue.",
          "Veuillez accepter la déclaration de consentement pour continuer.",
          "Ce formulaire n'a pas été chargé depuis sa page ou a expiré. Rechargez la page et"
              + " renvoyez-le.",
          "Le formulaire a été envoyé trop vite. Patientez un instant et renvoyez-le.",
          "La vérification captcha a échoué. Veuillez réessayer.",
          "Trop d'envois depuis cet endroit. Réessayez dans une minute.",
          "Votre envoi n'a pas pu être enregistré pour le moment ; rien n'a été enregistré. Renvoyez-le"
              + " dans un instant.",
          "Cette valeur n'est pas valide.",
          "Veuillez vérifier le formulaire",
          "Veuillez réessayer dans un instant",
          "Retour au formulaire"),
      "es",
      texts(
          "Este campo es obligatorio.",
          "Introduzca una dirección de correo electrónico válida.",
          "Introduzca un número.",
          "Elija una de las opciones.",
          "Este valor es demasiado largo.",
          "Acepte la declaración de consentimiento para continuar.",
          "Este formulario no se cargó desde su página o ha caducado. Recargue la página y envíelo de"
              + " nuevo.",
          "El formulario se envió demasiado rápido. Espere un momento y envíelo de nuevo.",
          "La comprobación captcha ha fallado. Inténtelo de nuevo.",
          "Demasiados envíos desde aquí. Inténtelo de nuevo en un minuto.",
          "No pudimos guardar su envío en este momento; no se guardó nada. Envíelo de nuevo en un"
              + " momento.",
          "Este valor no es válido.",
          "Revise el formulario",
          "Inténtelo de nuevo en breve",
          "Volver al formulario"),
      "pt",
      texts(
          "Este campo é obrigatório.",
          "Introduza um endereço de e-mail válido.",
          "Introduza um número.",
          "Escolha uma das opções.",
          "Este valor é demasiado longo.",
          "Aceite a declaração de consentimento para continuar.",
          "Este formulário não foi carregado a partir da sua página ou expirou. Recarregue a página e"
              + " envie-o novamente.",
          "O formulário foi enviado depressa demais. Aguarde um momento e envie-o novamente.",
          "A verificação captcha falhou. Tente novamente.",
          "Demasiados envios a partir daqui. Tente novamente dentro de um minuto.",
          "Não foi possível guardar o seu envio agora; nada foi guardado. Envie-o novamente dentro de"
              + " momentos.",
          "Este valor não é válido.",
          "Verifique o formulário",
          "Tente novamente dentro de momentos",
          "Voltar ao formulário"));

  private FormMessages() {}

  /** {@code key} in {@code locale}'s language (English when the form's language has no texts). */
  static String text(String locale, Key key) {
    Map<Key, String> texts = TEXTS.get(LeadSettings.language(locale));
    return (texts == null ? TEXTS.get("en") : texts).get(key);
  }

  private static Map<Key, String> texts(String... values) {
    Key[] keys = Key.values();
    if (values.length != keys.length) {
      throw new IllegalArgumentException("one text per key: " + keys.length);
    }
    Map<Key, String> m = new EnumMap<>(Key.class);
    for (int i = 0; i < keys.length; i++) {
      m.put(keys[i], values[i]);
    }
    return m;
  }

  /** The languages with texts (the same as the lead settings' locales). */
  static List<String> languages() {
    return List.copyOf(TEXTS.keySet());
  }
}
