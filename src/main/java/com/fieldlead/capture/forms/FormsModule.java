package com.fieldlead.capture.forms;

import com.fieldlead.http.Endpoint;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.store.IndexDef;
import com.fieldlead.store.MongoFutures;
import com.fieldlead.store.MongoStore;
import com.fieldlead.store.RateWindows;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bson.Document;

/**
 * Web-to-lead forms: the admin API, the public submission endpoint with its spam defences, and the embed script.
 * Leads are made through the lead service's create path; notes on existing leads go through {@link LeadNotes}.
 */
public final class FormsModule {

  /** Where the fill-time token key is kept (shared by every instance: the first one stored wins). */
  /** Submissions per key and minute ({@link RateWindows}). */
  static final String RATES = "form_rates";

  static final String SETTINGS = "settings";

  static final String TOKEN_KEY_ID = "forms.tokenKey";

  private final MongoStore store;
  private final Clock clock;
  private final MongoFormRepository repository;
  private final FormService forms;
  private final SubmissionService submissions;
  private volatile FormTokens tokens;

  public FormsModule(
      Vertx vertx, MongoStore store, Clock clock, LeadModule leads, LeadNotes notes) {
    this.store = Objects.requireNonNull(store);
    this.clock = Objects.requireNonNull(clock);
    Objects.requireNonNull(leads);
    Objects.requireNonNull(notes);
    this.repository = new MongoFormRepository(store);
    this.forms = new FormService(repository, leads, clock);
    this.submissions = new SubmissionService(
        repository,
        leads,
        notes,
        () -> {
          FormTokens t = tokens;
          if (t == null) {
            throw new IllegalStateException("forms not started: no token key yet");
          }
          return t;
        },
        new RateWindows(store, RATES, clock),
        new CaptchaVerifier(vertx),
        clock);
  }

  public List<IndexDef> indexes() {
    List<IndexDef> all = new ArrayList<>(repository.indexes());
    all.addAll(RateWindows.indexes(RATES));
    return all;
  }

  /** Loads (or makes, once per install) the key that signs fill-time tokens. */
  public Future<Void> start() {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    MongoCollection<Document> settings = store.collection(SETTINGS);
    Document doc = new Document("_id", TOKEN_KEY_ID)
        .append("value", Base64.getEncoder().encodeToString(fresh))
        .append("createdAt", Date.from(clock.instant()));
    return MongoFutures.one(settings.insertOne(doc))
        .map(r -> true)
        .recover(t ->
            MongoFutures.isDuplicateKey(t) ? Future.succeededFuture(false) : Future.failedFuture(t))
        .compose(created ->
            MongoFutures.first(settings.find(Filters.eq("_id", TOKEN_KEY_ID)).first()))
        .map(found -> {
          byte[] key = Base64.getDecoder()
              .decode(found
                  .orElseThrow(() -> new IllegalStateException("form token key missing"))
                  .getString("value"));
          this.tokens = new FormTokens(key);
          return null;
        });
  }

  /** The admin and public routes (the public ones answer once {@link #start} has loaded the token key). */
  public List<Endpoint> endpoints() {
    return List.of(new FormEndpoint(forms), new PublicFormEndpoint(submissions));
  }
}
