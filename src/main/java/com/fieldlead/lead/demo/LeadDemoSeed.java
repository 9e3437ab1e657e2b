package com.fieldlead.lead.demo;

import com.fieldlead.auth.DemoPeople;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.lead.model.Lead;
import com.fieldlead.lead.model.PhoneNormalizer;
import com.fieldlead.lead.model.SearchKeys;
import com.fieldlead.lead.model.TradeShowEvent;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * About 200 plausible leads for the demo tenant (deterministic: the same ids and content at every run, and existing
 * ids are skipped, so seeding is idempotent), plus the "Demo Expo" trade show whose captures the booth account made.
 * Seeded by the app's demo seed through {@link LeadModule}'s repositories; the lead package does not depend on it.
 */
public final class LeadDemoSeed {

  public static final String EXPO_ID = "demo-expo";
  public static final int COUNT = 200;
  public static final int EXPO_CAPTURES = 60;

  private static final String[] FIRST = {
    "Ana", "Ben", "Chloé", "David", "Elena", "Farid", "Grace", "Hiro", "Ingrid", "Jonas", "Keiko",
    "Liam", "Maria", "Noah", "Olga", "Pedro", "Quinn", "Rosa", "Sven", "Tara", "Uma", "Victor",
    "Wen", "Ximena", "Yusuf", "Zoe", "Amira", "Björn", "Carla", "Dmitri"
  };
  private static final String[] LAST = {
    "Souza",
    "Müller",
    "Dubois",
    "Smith",
    "García",
    "Rossi",
    "Nakamura",
    "Larsen",
    "Kowalski",
    "Novak",
    "Okafor",
    "Johansson",
    "Fischer",
    "Martin",
    "Silva",
    "Chen",
    "Patel",
    "O'Brien",
    "Jansen",
    "Moreau",
    "Schmidt",
    "Andersen",
    "Bianchi",
    "Costa",
    "Lindqvist",
    "Nowak",
    "Wagner",
    "Haddad",
    "Ivanova",
    "Keller"
  };
  private static final String[][] COMPANIES = {
    {"Northwind Traders", "Retail"},
    {"Contoso Logistics", "Logistics"},
    {"Fabrikam Industries", "Manufacturing"},
    {"Tailspin Aviation", "Aerospace"},
    {"Wingtip Foods", "Food & Beverage"},
    {"Adatum Health", "Healthcare"},
    {"Litware Software", "Software"},
    {"Proseware Energy", "Energy"},
    {"Woodgrove Bank", "Financial Services"},
    {"Coho Vineyards", "Food & Beverage"},
    {"Lucerne Publishing", "Media"},
    {"Alpine Ski House", "Hospitality"},
    {"Blue Yonder Airlines", "Aerospace"},
    {"Trey Research", "Biotech"},
    {"Humongous Insurance", "Insurance"},
    {"Relecloud", "Software"},
    {"VanArsdel Ltd", "Construction"},
    {"Margie's Travel", "Travel"},
    {"Fourth Coffee", "Food & Beverage"},
    {"Graphic Design Institute", "Education"}
  };
  private static final String[] TITLES = {
    "Head of Procurement",
    "CTO",
    "Operations Manager",
    "VP Sales",
    "IT Director",
    "Purchasing Lead",
    "CFO",
    "Plant Manager",
    "Marketing Director",
    "Facilities Manager",
    "Founder",
    "Product Owner"
  };
  private static final String[][] PLACES = {
    {"US", "CA", "San Francisco"},
    {"US", "NY", "New York"},
    {"DE", "BE", "Berlin"},
    {"DE", "BY", "Munich"},
    {"FR", "IDF", "Paris"},
    {"GB", "ENG", "London"},
    {"ES", "MD", "Madrid"},
    {"IT", "LOM", "Milan"},
    {"NL", "NH", "Amsterdam"},
    {"SE", "AB", "Stockholm"},
    {"BR", "SP", "São Paulo"},
    {"JP", "13", "Tokyo"}
  };
  private static final String[] SIZES = {
    "1-10", "11-50", "51-200", "201-500", "501-1000", "1001-5000", "5001+"
  };
  private static final String[] SOURCES = {
    "web_form", "referral", "cold_call", "social", "ad", "import", "other"
  };
  private static final String[] CAMPAIGNS = {
    "spring-webinar", "q2-outbound", "partner-referrals", null
  };
  private static final String[] STATUSES = {
    "new",
    "new",
    "new",
    "contacted",
    "contacted",
    "qualified",
    "nurturing",
    "converted",
    "unqualified",
    "lost"
  };
  private static final String[] TAGS = {
    "vip", "follow-up", "budget-approved", "competitor", "expo-2025", "partner"
  };
  private static final Map<String, String> REASONS =
      Map.of("lost", "Chose a competitor", "unqualified", "No budget this year");

  private LeadDemoSeed() {}

  /** Creates the demo event and leads unless they exist. */
  public static Future<Void> seed(
      LeadModule module, DemoPeople people, Instant now, UnaryOperator<Lead> scored) {
    TradeShowEvent expo = new TradeShowEvent(
        EXPO_ID,
        "Demo Expo",
        "Messe Berlin",
        "Berlin",
        "DE",
        LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(20),
        LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(18),
        "Europe/Berlin",
        people.managerId(),
        true,
        1,
        now,
        people.managerId(),
        now);
    // the event is stored after the leads: it is there only when a seed finished, and then there is
    // nothing to do
    return module
        .catalogRepository()
        .event(people.tenantId(), EXPO_ID)
        .compose(found -> found.isPresent()
            ? Future.<Void>succeededFuture()
            : module
                .repository()
                .insertMany(leads(people, now).stream().map(scored).toList())
                .compose(v -> module
                    .catalogRepository()
                    .insertEvent(people.tenantId(), expo)
                    .<Void>mapEmpty()));
  }

  /** The demo leads, the same at every call for the same people and day. */
  public static List<Lead> leads(DemoPeople people, Instant now) {
    Random r = new Random(20250514L);
    List<Lead> out = new ArrayList<>();
    Instant expoDay = now.minus(Duration.ofDays(19));
    for (int i = 0; i < COUNT; i++) {
      boolean expo = i < EXPO_CAPTURES;
      String first = FIRST[r.nextInt(FIRST.length)];
      String last = LAST[r.nextInt(LAST.length)];
      String[] company = COMPANIES[r.nextInt(COMPANIES.length)];
      String[] place = PLACES[r.nextInt(PLACES.length)];
      String owner = people.repIds().get(i % people.repIds().size());
      String status = STATUSES[r.nextInt(STATUSES.length)];
      Instant created = expo
          ? expoDay.plus(Duration.ofMinutes(r.nextInt(60 * 16)))
          : now.minus(Duration.ofMinutes(60L * 24 * 90 * (i + 1) / COUNT + r.nextInt(600)));
      String capturer = expo ? people.boothId() : owner;
      String email = ascii(first) + "." + ascii(last) + i + "@" + ascii(company[0]) + ".example";
      PhoneNormalizer.Result phone = PhoneNormalizer.normalise(phone(place[0], r), place[0]);
      List<Lead.StageChange> stages = new ArrayList<>();
      stages.add(new Lead.StageChange(null, "new", capturer, created, null));
      if (!status.equals("new")) {
        stages.add(new Lead.StageChange(
            "new",
            status,
            owner,
            created.plus(Duration.ofDays(1 + r.nextInt(6))),
            REASONS.get(status)));
      }
      Instant updated = stages.get(stages.size() - 1).at();
      Lead.Conversion conversion = status.equals("converted")
          ? new Lead.Conversion(
              BigDecimal.valueOf(2_000 + r.nextInt(48) * 1_000L),
              "EUR",
              LocalDate.ofInstant(updated, ZoneOffset.UTC),
              null,
              null,
              updated,
              owner)
          : null;
      String temperature = new String[] {"cold", "warm", "hot"}[r.nextInt(3)];
      Lead lead = Lead.builder()
          .id(uuid(people.tenantId(), i))
          .tenantId(people.tenantId())
          .version(stages.size())
          .firstName(first)
          .lastName(last)
          .email(email)
          .phone(phone.e164())
          .phoneRaw(phone.raw())
          .phoneValid(phone.valid())
          .company(company[0])
          .title(TITLES[r.nextInt(TITLES.length)])
          .website("https://www." + ascii(company[0]) + ".example")
          .industry(company[1])
          .companySize(SIZES[r.nextInt(SIZES.length)])
          .country(place[0])
          .region(place[1])
          .city(place[2])
          .location(expo ? new Lead.Location(52.5065, 13.2846, 25.0) : null)
          .source(expo ? "trade_show" : SOURCES[r.nextInt(SOURCES.length)])
          .campaign(expo ? null : CAMPAIGNS[r.nextInt(CAMPAIGNS.length)])
          .eventId(expo ? EXPO_ID : null)
          .captureMethod(expo ? "badge_scan" : "manual")
          .capturedBy(capturer)
          .capturedAt(created)
          .deviceCapturedAt(created)
          .receivedAt(created)
          .bant(bant(i))
          .status(status)
          .statusReason(REASONS.get(status))
          .stageHistory(stages)
          .ownerId(owner)
          .teamId(people.teamId())
          .tags(expo ? List.of("expo-2025") : List.of(TAGS[r.nextInt(TAGS.length)]))
          .marketingOptOut(false)
          .score(temperature.equals("hot") ? 80 : temperature.equals("warm") ? 50 : 10)
          .temperature(temperature)
          .scoreExplanation(List.of())
          .conversion(conversion)
          .fieldMeta(Map.of())
          .createdAt(created)
          .createdBy(capturer)
          .updatedAt(updated)
          .build();
      out.add(lead);
    }
    return out;
  }

  /**
   * Qualification that varies (scored at seed time): every fifth lead is fully qualified (hot with a senior title at
   * a mid-size company), every third partly, the rest barely.
   */
  private static Lead.Bant bant(int i) {
    if (i % 5 == 0) {
      return new Lead.Bant(
          "approved", BigDecimal.valueOf(50_000), "decision_maker", "high", "immediate");
    }
    if (i % 3 == 0) {
      return new Lead.Bant("planned", null, "influencer", "high", "within_3_months");
    }
    return new Lead.Bant("unknown", null, "influencer", "medium", "within_6_months");
  }

  /** The ids of the demo tenant's leads (the same at every run). */
  public static List<String> leadIds(String tenantId) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      out.add(uuid(tenantId, i));
    }
    return out;
  }

  private static String uuid(String tenantId, int i) {
    return UUID.nameUUIDFromBytes(
            ("demo-lead:" + tenantId + ":" + i).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /** A valid number of the region: its example mobile number with varied last digits. */
  private static String phone(String region, Random r) {
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    Phonenumber.PhoneNumber example =
        util.getExampleNumberForType(region, PhoneNumberUtil.PhoneNumberType.MOBILE);
    String national = String.valueOf(example.getNationalNumber());
    for (int attempt = 0; attempt < 20; attempt++) {
      String digits =
          national.substring(0, national.length() - 3) + String.format("%03d", r.nextInt(1000));
      String candidate = "+" + example.getCountryCode() + digits;
      if (PhoneNormalizer.normalise(candidate, region).valid()) {
        return candidate;
      }
    }
    return "+" + example.getCountryCode() + national;
  }

  private static String ascii(String s) {
    return SearchKeys.text(s).replaceAll("[^a-z0-9]", "");
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
