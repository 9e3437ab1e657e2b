package com.fieldlead.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Trade-show captures as a booth phone makes them: about 1.5 KB of JSON each (contact, company, BANT, qualifier
 * answers, consents, a badge id and the rep's notes), captured at the demo tenant's shared event {@code demo-expo} a
 * few minutes before they are pushed. The same documents go to every server of a run (the peer stores them as they
 * are); a seed makes them repeatable. Used by the peer benchmark and by {@code sync.SyncBenchmark}.
 */
public final class BenchLeads {

  public static final ObjectMapper JSON = new ObjectMapper();
  public static final String EVENT = "demo-expo";
  /** Qualifier questions of the demo event the captures answer (created by the benchmark's set-up if missing). */
  private static final String Q_INTEREST = "expo-interest";

  private static final String Q_FLEET = "expo-fleet-size";
  private static final String Q_FOLLOW_UP = "expo-follow-up";
  private static final List<String> INTERESTS = List.of(
      "route planning", "telematics", "driver app", "fuel cards", "maintenance", "analytics");
  private static final List<String> FOLLOW_UPS = List.of("call", "demo", "email", "visit");

  private static final String[] FIRST = {
    "Maximilian",
    "Sophie",
    "Lukas",
    "Marie",
    "Jonas",
    "Hannah",
    "Elias",
    "Emilia",
    "Noah",
    "Lena",
    "Amélie",
    "Jürgen",
    "Zoë",
    "Björn",
    "Chiara",
    "Mateo",
    "Ingrid",
    "Tomasz"
  };
  private static final String[] LAST = {
    "Schneider-Hoffmann",
    "Müller",
    "Weber",
    "Becker",
    "Wagner",
    "Schulz",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Krüger",
    "Lange",
    "Kowalski"
  };
  private static final String[][] COMPANIES = {
    {"Nordwind Logistik GmbH", "Logistics"},
    {"Alpenblick Spedition AG", "Logistics"},
    {"Rheinland Bau KG", "Construction"},
    {"Havel Stadtwerke", "Utilities"},
    {"Elbe Kühltransporte GmbH", "Logistics"},
    {"Bodensee Facility Services", "Facility management"},
    {"Spree Pharma Distribution", "Pharma"},
    {"Weser Agrarhandel eG", "Agriculture"},
    {"Main Medizintechnik GmbH", "Medical devices"},
    {"Isar Getränke Vertrieb", "Beverages"}
  };
  private static final String[][] PLACES = {
    {"DE", "Bavaria", "Munich", "+49 170 %07d"},
    {"DE", "Berlin", "Berlin", "+49 151 %07d"},
    {"AT", "Vienna", "Vienna", "+43 664 %07d"},
    {"CH", "Zurich", "Zurich", "+41 79 %07d"},
    {"DE", "Hamburg", "Hamburg", "+49 160 %07d"}
  };
  private static final String[] TITLES = {
    "Head of Fleet Operations",
    "Chief Operating Officer",
    "Logistics Manager",
    "IT Director",
    "Procurement Lead",
    "Dispatcher",
    "Managing Director",
    "Transport Planner"
  };
  private static final String[] SIZES = {"11-50", "51-200", "201-500", "501-1000", "1001-5000"};
  private static final String[] NOTES = {
    "Interested in the route planning module for their fleet; wants a demo at their depot in January. Currently "
        + "uses a competitor's telematics, contract ends in Q2. Asked about SAP integration and data residency.",
    "Came by with two colleagues from dispatch. Pain point: drivers call the office for every change of route. "
        + "Budget is planned for next year; the decision sits with the managing director, who visits on day two.",
    "Long conversation about fuel costs and idle times. They run mixed diesel and electric vans and want one "
        + "dashboard for both. Send the case study of the beverage distributor and the pricing sheet.",
    "Existing customer of a partner; wants to know how the driver app works offline in rural areas. Follow up "
        + "with the product manager; they might pilot with ten vehicles before rolling out to the whole fleet."
  };

  private final Random random;
  private final Instant capturedAround;
  private int next;

  /** Captures made {@code capturedAround} less 30 s to 10.5 min; the same {@code seed} gives the same captures. */
  public BenchLeads(long seed, Instant capturedAround) {
    this.random = new Random(seed);
    this.capturedAround = capturedAround;
  }

  /** One capture: its id (a UUID, as a phone makes it) and its JSON. */
  public record Capture(String id, ObjectNode doc) {
    public byte[] bytes() {
      try {
        return JSON.writeValueAsBytes(doc);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The next {@code count} captures (each with its own id, email and badge id). */
  public List<Capture> next(int count) {
    List<Capture> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(capture());
    }
    return out;
  }

  private Capture capture() {
    int n = next++;
    String id = new UUID(
            random.nextLong() & 0xffffffffffff0fffL | 0x4000L,
            random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L)
        .toString();
    String first = pick(FIRST);
    String last = pick(LAST);
    String[] company = COMPANIES[random.nextInt(COMPANIES.length)];
    String[] place = PLACES[random.nextInt(PLACES.length)];
    String domain = company[0].toLowerCase().replaceAll("[^a-z]", "") + ".example";
    Instant captured = capturedAround.minus(Duration.ofSeconds(30 + random.nextInt(600)));
    ObjectNode d = JSON.createObjectNode();
    d.put("firstName", first);
    d.put("lastName", last);
    d.put("email", ascii(first) + "." + ascii(last) + n + "@" + domain);
    d.put("phone", String.format(place[3], 1_000_000 + random.nextInt(8_999_999)));
    d.put("company", company[0]);
    d.put("title", pick(TITLES));
    d.put("website", "https://www." + domain);
    d.put("industry", company[1]);
    d.put("companySize", pick(SIZES));
    d.put("country", place[0]);
    d.put("region", place[1]);
    d.put("city", place[2]);
    ObjectNode location = d.putObject("location");
    location.put("lat", 52.5065 + random.nextInt(100) / 10_000.0);
    location.put("lon", 13.2846 + random.nextInt(100) / 10_000.0);
    location.put("accuracy", 5 + random.nextInt(30));
    d.put("source", "trade_show");
    d.put("campaign", "expo-booth-2026");
    d.put("eventId", EVENT);
    d.put("captureMethod", random.nextInt(4) == 0 ? "business_card" : "badge_scan");
    d.put("capturedAt", captured.toString());
    ObjectNode bant = d.putObject("bant");
    int quality =
        random.nextInt(10); // about a fifth hot, a third warm, the rest cold with the default rules
    bant.put("budget", quality < 2 ? "approved" : quality < 5 ? "planned" : "unknown");
    if (quality < 2) {
      bant.put("budgetAmount", 25_000 + random.nextInt(20) * 5_000);
    }
    bant.put("authority", quality < 2 ? "decision_maker" : quality < 5 ? "influencer" : "user");
    bant.put("need", quality < 5 ? "high" : "medium");
    bant.put(
        "timeline",
        quality < 2 ? "immediate" : quality < 5 ? "within_3_months" : "within_12_months");
    ArrayNode answers = d.putArray("answers");
    ArrayNode interest = answers.addObject().put("questionId", Q_INTEREST).putArray("value");
    int firstInterest = random.nextInt(INTERESTS.size());
    interest.add(INTERESTS.get(firstInterest));
    interest.add(INTERESTS.get(
        (firstInterest + 1 + random.nextInt(INTERESTS.size() - 1)) % INTERESTS.size()));
    answers.addObject().put("questionId", Q_FLEET).put("value", 10 + random.nextInt(400));
    answers
        .addObject()
        .put("questionId", Q_FOLLOW_UP)
        .put("value", FOLLOW_UPS.get(random.nextInt(FOLLOW_UPS.size())));
    ArrayNode tags = d.putArray("tags");
    tags.add("expo-2026");
    tags.add(random.nextBoolean() ? "fleet" : "follow-up");
    ArrayNode consents = d.putArray("consents");
    consents
        .addObject()
        .put("purpose", "marketing")
        .put("granted", random.nextInt(5) > 0)
        .put("at", captured.toString())
        .put("method", "badge_scan");
    consents
        .addObject()
        .put("purpose", "email_contact")
        .put("granted", true)
        .put("at", captured.toString())
        .put("method", "verbal");
    ObjectNode custom = d.putObject("customFields");
    custom.put("badgeId", String.format("EXPO-%06d", n));
    custom.put("hall", "Hall " + (1 + random.nextInt(6)));
    custom.put("notes", NOTES[random.nextInt(NOTES.length)]);
    return new Capture(id, d);
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }

  private static String ascii(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFD)
        .replaceAll("[^A-Za-z]", "")
        .toLowerCase();
  }

  /**
   * The demo event's qualifier questions the captures answer, as {@code POST /v1/qualifier-questions} bodies (an admin
   * creates them before the first push; 409 when they exist).
   */
  public static List<ObjectNode> qualifierQuestions() {
    List<ObjectNode> out = new ArrayList<>();
    for (String[] q : new String[][] {
      {Q_INTEREST, "Which products are they interested in?", "multi_choice"},
      {Q_FLEET, "How many vehicles?", "number"},
      {Q_FOLLOW_UP, "Preferred follow-up", "single_choice"}
    }) {
      ObjectNode body = JSON.createObjectNode()
          .put("id", q[0])
          .put("eventId", EVENT)
          .put("text", q[1])
          .put("type", q[2]);
      if (q[2].equals("multi_choice")) {
        INTERESTS.forEach(body.putArray("options")::add);
      } else if (q[2].equals("single_choice")) {
        FOLLOW_UPS.forEach(body.putArray("options")::add);
      }
      out.add(body);
    }
    return out;
  }

  /**
   * The edit a rep makes after talking to the lead of {@code capture} ({@code i}: its place in the batch): the notes
   * get a line, every third a new title, every fifth a new phone number.
   */
  public static ObjectNode edit(Capture capture, int round, int i) {
    ObjectNode changes = JSON.createObjectNode();
    ObjectNode custom = capture.doc().path("customFields").deepCopy();
    custom.put(
        "notes",
        custom.path("notes").asText() + " Called back (round " + round + "): meeting booked.");
    changes.set("customFields", custom);
    if (i % 3 == 0) {
      changes.put("title", "VP Operations");
    }
    if (i % 5 == 0) {
      changes.put("phone", "+49 170 " + (2_000_000 + i));
    }
    return changes;
  }

  /** The mean size of the captures' JSON, in bytes. */
  public static double meanBytes(List<Capture> captures) {
    return captures.stream().mapToInt(c -> c.bytes().length).average().orElse(0);
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
