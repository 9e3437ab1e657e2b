package com.fieldlead.capture.forms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fieldlead.json.Json;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Forms in {@value #FORMS}, one document each (the record as JSON), and receipts in {@value #RECEIPTS}. */
final class MongoFormRepository implements FormRepository {

  static final String FORMS = "web_forms";
  static final String RECEIPTS = "web_form_submissions";
  static final String TENANT = "tenantId";
  static final String ID = "id";
  static final String KEY = "key";
  static final String VERSION = "version";
  static final String FORM = "formId";
  static final String AT = "at";

  private final MongoCollection<Document> forms;
  private final MongoCollection<Document> receipts;

  MongoFormRepository(MongoStore store) {
    this.forms = store.collection(FORMS);
    this.receipts = store.collection(RECEIPTS);
  }

  @Override
  public List<IndexDef> indexes() {
    return List.of(
        IndexDef.unique(FORMS, "tenant_id", Indexes.ascending(TENANT, ID)),
        IndexDef.unique(FORMS, "key", Indexes.ascending(KEY)),
        IndexDef.of(RECEIPTS, "tenant_form_at", Indexes.ascending(TENANT, FORM, AT)));
  }

  @Override
  public Future<Void> insert(WebForm form) {
    return MongoFutures.one(forms.insertOne(toDocument(form))).mapEmpty();
  }

  @Override
  public Future<Optional<WebForm>> find(String tenantId, String id) {
    return MongoFutures.first(forms.find(of(tenantId, id)).first())
        .map(d -> d.map(MongoFormRepository::fromDocument));
  }

  @Override
  public Future<Optional<WebForm>> byKey(String key) {
    return MongoFutures.first(forms.find(Filters.eq(KEY, key)).first())
        .map(d -> d.map(MongoFormRepository::fromDocument));
  }

  @Override
  public Future<List<WebForm>> list(String tenantId, int limit) {
    return MongoFutures.list(forms
            .find(Filters.eq(TENANT, tenantId))
            .sort(Sorts.ascending(TENANT, ID))
            .limit(limit))
        .map(docs -> docs.stream().map(MongoFormRepository::fromDocument).toList());
  }

  @Override
  public Future<Boolean> replace(WebForm next, long expectedVersion) {
    return MongoFutures.one(forms.replaceOne(
            Filters.and(of(next.tenantId(), next.id()), Filters.eq(VERSION, expectedVersion)),
            toDocument(next)))
        .map(r -> r.getMatchedCount() == 1);
  }

  @Override
  public Future<Boolean> delete(String tenantId, String id) {
    return MongoFutures.one(forms.deleteOne(of(tenantId, id))).map(r -> r.getDeletedCount() == 1);
  }

  @Override
  public Future<Void> count(String tenantId, String id, Counter counter) {
    return MongoFutures.one(
            forms.updateOne(of(tenantId, id), Updates.inc("stats." + counter.field, 1L)))
        .mapEmpty();
  }

  @Override
  public Future<Void> receipt(Document receipt) {
    return MongoFutures.one(receipts.insertOne(receipt)).mapEmpty();
  }

  @Override
  public Future<List<SubmissionReceipt>> receipts(String tenantId, String formId, int limit) {
    return MongoFutures.list(receipts
            .find(Filters.and(Filters.eq(TENANT, tenantId), Filters.eq(FORM, formId)))
            .sort(Sorts.descending(AT))
            .limit(limit))
        .map(docs -> docs.stream().map(SubmissionReceipt::fromDocument).toList());
  }

  private static Bson of(String tenantId, String id) {
    return Filters.and(Filters.eq(TENANT, tenantId), Filters.eq(ID, id));
  }

  static Document toDocument(WebForm form) {
    try {
      return Document.parse(Json.MAPPER.writeValueAsString(form));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("form not serialisable", e);
    }
  }

  static WebForm fromDocument(Document doc) {
    Document copy = new Document(doc);
    copy.remove("_id");
    try {
      return Json.TOLERANT.readValue(copy.toJson(), WebForm.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored form unreadable", e);
    }
  }
}
