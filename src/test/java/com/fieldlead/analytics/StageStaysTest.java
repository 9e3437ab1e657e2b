package com.fieldlead.analytics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fieldlead.lead.model.LeadFields;
import com.fieldlead.lead.model.LeadSettings;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** A lead's stage history as the stays the rollups count, and a day's cells computed from them. */
class StageStaysTest {

  static final Instant T0 = Instant.parse("2026-05-04T08:00:00Z");

  @Test
  void eachChangeEndsTheStayBeforeItAndTheStatusNowIsNotCounted() {
    List<Document> history = List.of(
        change(null, "new", T0),
        change("new", "contacted", T0.plusSeconds(600)),
        change("contacted", "new", T0.plusSeconds(700)),
        change("new", "contacted", T0.plusSeconds(1_000)),
        change("contacted", "qualified", T0.plusSeconds(87_400)));
    assertEquals(
        List.of(
            new LeadFact.Stay("new", 600),
            new LeadFact.Stay("contacted", 100),
            new LeadFact.Stay("new", 300),
            new LeadFact.Stay("contacted", 86_400)),
        FactReader.stays(history));
  }

  @Test
  void aLeadThatNeverMovedHasNoStayAndTimesRunningBackwardsCountZero() {
    assertEquals(List.of(), FactReader.stays(List.of(change(null, "new", T0))));
    assertEquals(List.of(), FactReader.stays(null));
    assertEquals(
        List.of(new LeadFact.Stay("new", 0)),
        FactReader.stays(
            List.of(change(null, "new", T0), change("new", "lost", T0.minusSeconds(5)))));
    // a change without a time: neither the stay it ends nor the one it starts can be measured
    assertEquals(
        List.of(),
        FactReader.stays(List.of(
            change(null, "new", T0),
            new Document("from", "new").append("to", "contacted"),
            change("contacted", "lost", T0.plusSeconds(60)))));
  }

  @Test
  void aDaysCellsCarryTheStaysOfTheirLeadsAndComputingTheDayTwiceGivesTheSameBytes() {
    LeadSettings statuses = LeadSettings.defaults();
    LocalDate day = LocalDate.of(2026, 5, 4);
    List<LeadFact> facts = new ArrayList<>();
    facts.add(fact(
        "a",
        "team-a",
        "contacted",
        change(null, "new", T0),
        change("new", "contacted", T0.plusSeconds(600))));
    facts.add(fact(
        "b",
        "team-a",
        "contacted",
        change(null, "new", T0),
        change("new", "contacted", T0.plusSeconds(7_200))));
    facts.add(fact("c", "team-b", "new", change(null, "new", T0)));
    List<Cell> cells = DayRollup.cells(day, facts, statuses, ZoneOffset.UTC);
    assertEquals(2, cells.size());
    Tally a = cells.get(0).tally();
    assertEquals(2, a.stageTime("new").count());
    assertEquals(
        DurationHistogram.value(DurationHistogram.bucket(600)),
        a.stageTime("new").quantile(50));
    assertEquals(
        DurationHistogram.value(DurationHistogram.bucket(7_200)),
        a.stageTime("new").quantile(90));
    assertEquals(0, a.stageTime("contacted").count(), "still in contacted: not counted");
    assertEquals(0, cells.get(1).tally().stageTime("new").count());
    assertArrayEquals(
        CellCodec.encode(cells),
        CellCodec.encode(DayRollup.cells(day, facts, statuses, ZoneOffset.UTC)));
  }

  private static LeadFact fact(String id, String team, String status, Document... history) {
    Document d = new Document(LeadFields.ID, id)
        .append(LeadFields.TEAM_ID, team)
        .append(LeadFields.CAPTURED_AT, Date.from(T0))
        .append(LeadFields.STATUS, status)
        .append(LeadFields.STAGE_HISTORY, List.of(history));
    return FactReader.fact(d, null, null);
  }

  private static Document change(String from, String to, Instant at) {
    return new Document("from", from).append("to", to).append("at", Date.from(at));
  }
}
