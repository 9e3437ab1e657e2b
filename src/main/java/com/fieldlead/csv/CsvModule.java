package com.fieldlead.csv;

import com.fieldlead.http.Endpoint;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** CSV import and export of leads: wiring. */
public final class CsvModule {

  private final CsvImports imports;
  private final CsvExport export;
  private final ImportMappings mappings;
  private final LeadModule leads;
  private final Clock clock;

  public CsvModule(Vertx vertx, MongoStore store, Clock clock, LeadModule leads) {
    this.leads = leads;
    this.clock = clock;
    this.imports =
        new CsvImports(vertx, leads.batchImport(), new ImportJobRecords(store, clock), clock);
    this.export = new CsvExport(leads.service());
    this.mappings = new ImportMappings(store);
  }

  public List<IndexDef> indexes() {
    List<IndexDef> all = new ArrayList<>(ImportMappings.indexes());
    all.addAll(ImportJobRecords.indexes());
    return all;
  }

  /** Stops this instance's running imports between batches (see {@link CsvImports#stop}); before the store closes. */
  public Future<Void> stop() {
    return imports.stop();
  }

  public List<Endpoint> endpoints() {
    return List.of(new CsvEndpoint(imports, export, mappings, leads.catalog(), clock));
  }
}
