package com.fieldlead.analytics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CellCodecTest {

  static final LocalDate DAY = LocalDate.of(2026, 3, 29);

  @Test
  void aDaysCellsReadBackWithEveryDimensionAndFigure() {
    Tally full = new Tally();
    full.leads = 3;
    full.qualified = 2;
    full.converted = 1;
    full.open = 2;
    full.neverTouched = 1;
    full.slaMet = 1;
    full.slaBreached = 300;
    put(full.now, Map.of("new", 2, "converted", 1));
    put(full.ever, Map.of("new", 3, "contacted", 1, "converted", 1));
    put(full.furthest, Map.of("new", 2, "converted", 1));
    full.won.put("EUR", new BigDecimal("12500.50"));
    full.won.put("USD", new BigDecimal("0.01"));
    full.openBudget = new BigDecimal("99999999999.999");
    full.touchSeconds.addAll(List.of(0L, 127L, 128L, 86_400L, Long.MAX_VALUE));
    full.pendingDue.add(1_790_000_000L);
    put(full.lastTouchDays, Map.of("2026-03-29", 1, "2026-04-01", 1));
    full.stageTimes.put("new", histogram(0L, 600L, 601L, 86_400L, 100L * 365 * 86_400));
    full.stageTimes.put("contacted", histogram(3_600L));
    Cell first = new Cell(
        DAY,
        new LeadFact.Dims("team-a", "rep-ä", "rep-ä", "trade_show", "Frühjahr 🌷", "ev-1", "scan"),
        full);
    // every dimension absent, an empty tally
    Cell bare =
        new Cell(DAY, new LeadFact.Dims(null, null, null, null, null, null, null), new Tally());
    Tally one = new Tally();
    one.leads = 1;
    one.now.add("new", 1);
    // a status only the times in stage name
    one.stageTimes.put("nurturing", histogram(7L));
    Cell shared = new Cell(
        DAY, new LeadFact.Dims("team-a", null, "rep-ä", "referral", null, null, "manual"), one);

    List<Cell> back = CellCodec.decode(DAY, CellCodec.encode(List.of(first, bare, shared)));

    assertEquals(3, back.size());
    assertSame(first, back.get(0));
    assertSame(bare, back.get(1));
    assertSame(shared, back.get(2));
  }

  @Test
  void aDayStoredByTheReleaseBeforeTheTimesInStageReadsWithoutThem() {
    Tally t = new Tally();
    t.leads = 2;
    t.now.add("contacted", 2);
    Cell c = new Cell(
        DAY, new LeadFact.Dims("team-a", "rep-a", "rep-a", "web_form", null, null, "manual"), t);
    byte[] now = CellCodec.encode(List.of(c));
    // that release wrote the cells and nothing after them: here, the section's count (0) last
    assertEquals(0, now[now.length - 1]);
    byte[] before = Arrays.copyOf(now, now.length - 1);
    List<Cell> back = CellCodec.decode(DAY, before);
    assertSame(c, back.get(0));
    assertTrue(back.get(0).tally().stageTimes.isEmpty());
  }

  @Test
  void theSameCellsEncodeToTheSameBytes() {
    Tally a = new Tally();
    a.leads = 1;
    a.stageTimes.put("new", histogram(60L));
    a.stageTimes.put("contacted", histogram(120L));
    a.stageTimes.put("qualified", histogram(180L));
    Tally b = new Tally();
    b.leads = 1;
    b.stageTimes.put("qualified", histogram(180L));
    b.stageTimes.put("new", histogram(60L));
    b.stageTimes.put("contacted", histogram(120L));
    LeadFact.Dims dims = new LeadFact.Dims(null, null, null, null, null, null, null);
    assertArrayEquals(
        CellCodec.encode(List.of(new Cell(DAY, dims, a))),
        CellCodec.encode(List.of(new Cell(DAY, dims, b))));
  }

  @Test
  void aDayWithoutCellsReadsBackEmpty() {
    assertEquals(List.of(), CellCodec.decode(DAY, CellCodec.encode(List.of())));
  }

  @Test
  void manyCellsSharingStringsStoreEachStringOnce() {
    List<Cell> cells = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      Tally t = new Tally();
      t.leads = 1;
      t.now.add("contacted", 1);
      cells.add(new Cell(
          DAY,
          new LeadFact.Dims(
              "team-0000-0000-0000",
              "owner-0000-0000-" + (i % 4),
              null,
              "web_form",
              null,
              null,
              null),
          t));
    }
    byte[] bytes = CellCodec.encode(cells);
    // one cell is its 7 references and 7 figures, a few bytes each: far below its strings' 60
    // characters
    assertTrue(bytes.length < 500 * 30, "encoded size " + bytes.length);
    assertEquals(
        "owner-0000-0000-3", CellCodec.decode(DAY, bytes).get(499).dims().ownerId());
  }

  @Test
  void aDayOfAnUnknownFormatIsRefusedRatherThanMisread() {
    byte[] bytes = CellCodec.encode(List.of());
    bytes[0] = 2;
    assertThrows(IllegalStateException.class, () -> CellCodec.decode(DAY, bytes));
  }

  @Test
  void aNegativeDurationCannotBeStored() {
    Tally t = new Tally();
    t.touchSeconds.add(-1L);
    Cell c = new Cell(DAY, new LeadFact.Dims(null, null, null, null, null, null, null), t);
    assertThrows(IllegalArgumentException.class, () -> CellCodec.encode(List.of(c)));
  }

  private static DurationHistogram histogram(Long... seconds) {
    DurationHistogram h = new DurationHistogram();
    for (long s : seconds) {
      h.record(s);
    }
    return h;
  }

  private static void put(Counts counts, Map<String, Integer> values) {
    values.forEach(counts::add);
  }

  private static void assertSame(Cell expected, Cell actual) {
    assertEquals(expected.day(), actual.day());
    assertEquals(expected.dims(), actual.dims());
    Tally e = expected.tally();
    Tally a = actual.tally();
    assertEquals(
        List.of(e.leads, e.qualified, e.converted, e.open, e.neverTouched, e.slaMet, e.slaBreached),
        List.of(
            a.leads, a.qualified, a.converted, a.open, a.neverTouched, a.slaMet, a.slaBreached));
    assertEquals(e.now.toMap(), a.now.toMap());
    assertEquals(e.ever.toMap(), a.ever.toMap());
    assertEquals(e.furthest.toMap(), a.furthest.toMap());
    assertEquals(e.lastTouchDays.toMap(), a.lastTouchDays.toMap());
    assertEquals(e.won, a.won);
    assertEquals(e.openBudget, a.openBudget);
    assertEquals(e.touchSeconds, a.touchSeconds);
    assertEquals(e.pendingDue, a.pendingDue);
    assertEquals(e.stageTimes, a.stageTimes);
  }
}
