package com.fieldlead.capture.forms;

import com.fieldlead.store.IndexDef;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/** Where forms and their submission receipts are kept. Every read but {@link #byKey} is scoped to a tenant. */
interface FormRepository {

  /** Counters of {@link WebForm.Stats}. */
  enum Counter {
    ACCEPTED("accepted"),
    HONEYPOT("honeypot"),
    REFUSED("refused");

    final String field;

    Counter(String field) {
      this.field = field;
    }
  }

  Future<Void> insert(WebForm form);

  Future<Optional<WebForm>> find(String tenantId, String id);

  /** The form with this public key, in whatever tenant (the key is the only thing a public caller has). */
  Future<Optional<WebForm>> byKey(String key);

  Future<List<WebForm>> list(String tenantId, int limit);

  /** Replaces the form if it is still at {@code expectedVersion}; false when it moved on or is gone. */
  Future<Boolean> replace(WebForm next, long expectedVersion);

  Future<Boolean> delete(String tenantId, String id);

  /** Adds one to a counter of the form (best effort: a lost count loses no submission). */
  Future<Void> count(String tenantId, String id, Counter counter);

  /** Keeps the receipt of an accepted submission (consent version, time, address, attribution, the lead). */
  Future<Void> receipt(Document receipt);

  /** The form's latest receipts, newest first, at most {@code limit}. */
  Future<List<SubmissionReceipt>> receipts(String tenantId, String formId, int limit);

  List<IndexDef> indexes();
}
