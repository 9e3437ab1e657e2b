package com.fieldlead.lead;

import com.fieldlead.events.DomainEvent;
import com.fieldlead.lead.model.Lead;
import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;

/**
 * Sets what a new lead is born with that another feature decides, before it is stored: its score, temperature and
 * explanation (scoring), and the domain events that go with them (a capture that is hot from the start). The first
 * write is then the whole one: a batch of captures is inserted once, not inserted and then rewritten lead by lead by
 * the change listeners. A preparer reads (rules, settings) but writes nothing; the leads it answers are stored with
 * their events in the same single-document insert.
 */
@FunctionalInterface
public interface LeadPreparer {

  /** {@code fresh}, in order, each possibly with server-owned fields set and events added. */
  Future<List<Prepared>> prepare(List<Prepared> fresh);

  /** A new lead about to be stored, and the domain events to store with it. */
  record Prepared(Lead lead, List<DomainEvent> events) {
    public Prepared {
      Objects.requireNonNull(lead, "lead");
      events = List.copyOf(events);
    }

    public static Prepared of(Lead lead) {
      return new Prepared(lead, List.of());
    }
  }
}
