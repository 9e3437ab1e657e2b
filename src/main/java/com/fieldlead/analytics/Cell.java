package com.fieldlead.analytics;

import java.time.LocalDate;
import org.bson.Document;

/** The figures of the leads captured on one day (tenant's zone) that share all dimensions. */
record Cell(LocalDate day, LeadFact.Dims dims, Tally tally) {

  private static final String[] FIELDS = {"t", "ow", "cb", "s", "ca", "e", "m"};

  Document toDocument() {
    Document d = new Document();
    int i = 0;
    for (String name : LeadFact.Dims.NAMES) {
      String v = dims.get(name);
      if (v != null) {
        d.append(FIELDS[i], v);
      }
      i++;
    }
    return d.append("f", tally.toDocument());
  }

  static Cell fromDocument(LocalDate day, Document d) {
    LeadFact.Dims dims = new LeadFact.Dims(
        d.getString(FIELDS[0]),
        d.getString(FIELDS[1]),
        d.getString(FIELDS[2]),
        d.getString(FIELDS[3]),
        d.getString(FIELDS[4]),
        d.getString(FIELDS[5]),
        d.getString(FIELDS[6]));
    return new Cell(day, dims, Tally.fromDocument(d.get("f", Document.class)));
  }
}
