package com.fieldlead.notify;

import com.fieldlead.auth.Principal;
import com.fieldlead.auth.UserDirectory;
import com.fieldlead.auth.UserInfo;
import com.fieldlead.notify.model.NewNotification;
import com.fieldlead.notify.model.Notification;
import com.fieldlead.notify.model.NotificationPreferences;
import com.fieldlead.notify.model.NotificationStatus;
import com.fieldlead.notify.model.PreferencesRules;
import com.fieldlead.notify.model.PushTexts;
import com.fieldlead.notify.model.QuietHours;
import com.fieldlead.notify.store.MongoNotifications;
import com.fieldlead.notify.store.MongoPreferences;
import com.fieldlead.problem.ProblemException;
import com.fieldlead.store.CallerTrace;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates notifications (written first, sent later by the outbox workers) and serves the inbox and preferences.
 * At creation a kind the user switched off is stored {@code muted} (inbox only), and quiet hours move the send time
 * to their end unless the notification is urgent or of a kind that never waits.
 */
public final class NotificationService {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationService.class);

  private final MongoNotifications notifications;
  private final MongoPreferences preferences;
  private final UserDirectory directory;
  private final Clock clock;
  private final Runnable kick;

  private final Function<String, Future<String>> tenantLocale;

  /** @param tenantLocale the tenant's language, for users who chose none */
  NotificationService(
      MongoNotifications notifications,
      MongoPreferences preferences,
      UserDirectory directory,
      Clock clock,
      Runnable kick,
      Function<String, Future<String>> tenantLocale) {
    this.tenantLocale = tenantLocale;
    this.notifications = notifications;
    this.preferences = preferences;
    this.directory = directory;
    this.clock = clock;
    this.kick = kick;
  }

  /** One inbox page. */
  public record InboxPage(List<InboxItem> items, String next) {}

  /** One inbox entry as the API shows it. */
  public record InboxItem(
      String id,
      String kind,
      String title,
      String body,
      Map<String, String> data,
      String status,
      Instant createdAt,
      Instant sentAt,
      Instant readAt,
      boolean read,
      Instant deferredUntil) {

    /** The inbox status {@code deferred}: pending, held back by the user's quiet hours until {@code deferredUntil}. */
    public static final String DEFERRED = "deferred";

    static InboxItem of(Notification n) {
      boolean held = n.status() == NotificationStatus.PENDING
          && n.attempts() == 0
          && n.deferredUntil() != null;
      return new InboxItem(
          n.id(),
          n.kind().wire(),
          n.title(),
          n.body(),
          n.data(),
          held ? DEFERRED : n.status().wire(),
          n.createdAt(),
          n.sentAt(),
          n.readAt(),
          n.readAt() != null,
          held ? n.deferredUntil() : null);
    }
  }

  /**
   * Writes the notification (once per id) and wakes the local worker when it is due now. Answers whether it was
   * new.
   */
  public Future<Boolean> create(NewNotification nn) {
    Instant now = clock.instant();
    return settingsOf(nn.tenantId(), nn.userId()).compose(s -> {
      Notification n = build(nn, s, now);
      if (n == null) {
        return Future.succeededFuture(false);
      }
      return notifications.insertIfAbsent(n).map(created -> {
        if (created) {
          LOG.debug(
              "notification created [id={}, kind={}, user={}, tenant={}, status={}, at={}]",
              n.id(),
              nn.kind().wire(),
              nn.userId(),
              nn.tenantId(),
              n.status().wire(),
              n.nextAttemptAt());
          if (n.status() == NotificationStatus.PENDING && !n.nextAttemptAt().isAfter(now)) {
            kick.run();
          }
        }
        return created;
      });
    });
  }

  /**
   * {@link #create} for many at once (a batch of domain events): each user's preferences and zone read once, the
   * notifications written in one insert (those whose id exists are left as they are). Answers how many were new.
   */
  public Future<Integer> createAll(List<NewNotification> all) {
    if (all.isEmpty()) {
      return Future.succeededFuture(0);
    }
    Instant now = clock.instant();
    Map<String, Set<String>> usersByTenant = new LinkedHashMap<>();
    all.forEach(nn ->
        usersByTenant.computeIfAbsent(nn.tenantId(), t -> new LinkedHashSet<>()).add(nn.userId()));
    Map<String, Settings> settings = new HashMap<>();
    List<Future<Void>> reads = new ArrayList<>();
    usersByTenant.forEach((tenant, users) -> reads.add(settingsOf(tenant, users).map(found -> {
      found.forEach((user, s) -> settings.put(tenant + "/" + user, s));
      return null;
    })));
    return Future.all(reads).compose(x -> {
      List<Notification> fresh = new ArrayList<>();
      for (NewNotification nn : all) {
        Notification n = build(nn, settings.get(nn.tenantId() + "/" + nn.userId()), now);
        if (n != null) {
          fresh.add(n);
        }
      }
      return notifications.insertAllIfAbsent(fresh).map(refused -> {
        boolean due = false;
        for (int i = 0; i < fresh.size(); i++) {
          Notification n = fresh.get(i);
          if (!refused.contains(i)
              && n.status() == NotificationStatus.PENDING
              && !n.nextAttemptAt().isAfter(now)) {
            due = true;
          }
        }
        if (due) {
          kick.run();
        }
        return fresh.size() - refused.size();
      });
    });
  }

  /** The notification to store for {@code nn} under {@code s}; null when the user switched its silent kind off. */
  private static Notification build(NewNotification nn, Settings s, Instant now) {
    if (nn.kind().silent() && !s.prefs().enabled(nn.kind())) {
      return null;
    }
    Instant at = nn.notBefore() == null || nn.notBefore().isBefore(now) ? now : nn.notBefore();
    Instant deferredUntil = null;
    QuietHours quiet = PreferencesRules.quietHours(s.prefs());
    if (quiet != null && nn.kind().deferredByQuietHours() && !nn.urgent()) {
      Instant due = at;
      at = quiet.deferral(at, s.zone());
      deferredUntil = at.isAfter(due) ? at : null;
    }
    NotificationStatus status =
        s.prefs().enabled(nn.kind()) ? NotificationStatus.PENDING : NotificationStatus.MUTED;
    PushTexts.Rendered text = nn.text() == null
        ? new PushTexts.Rendered(nn.title(), nn.body())
        : PushTexts.render(s.locale(), nn.text());
    return new Notification(
        nn.id(),
        nn.tenantId(),
        nn.userId(),
        nn.kind(),
        text.title(),
        text.body(),
        nn.pushData(),
        nn.kind().wire() + ":" + nn.id(),
        nn.urgent(),
        !nn.kind().silent(),
        status,
        0,
        at,
        null,
        null,
        now,
        null,
        null,
        null,
        null,
        List.of(),
        null,
        deferredUntil,
        nn.traceparent() != null ? nn.traceparent() : CallerTrace.currentTraceparent());
  }

  /**
   * {@link #settingsOf(String, String)} of several users of one tenant: one read of preferences, one of users, the
   * tenant's language once.
   */
  private Future<Map<String, Settings>> settingsOf(String tenantId, Collection<String> userIds) {
    return zonesOf(tenantId, userIds).compose(zoned -> withLocales(tenantId, zoned));
  }

  /** {@code zoned} with each user's language: their own, else the tenant's. */
  private Future<Map<String, Settings>> withLocales(String tenantId, Map<String, Settings> zoned) {
    boolean needTenant = zoned.values().stream().anyMatch(s -> s.prefs().locale() == null);
    Future<String> tenant =
        needTenant ? tenantLocale.apply(tenantId) : Future.succeededFuture(null);
    return tenant.map(fallback -> {
      Map<String, Settings> out = new HashMap<>();
      zoned.forEach((user, s) -> out.put(
          user,
          new Settings(
              s.prefs(), s.zone(), s.prefs().locale() != null ? s.prefs().locale() : fallback)));
      return out;
    });
  }

  private Future<Map<String, Settings>> zonesOf(String tenantId, Collection<String> userIds) {
    return preferences.getAll(tenantId, userIds).compose(stored -> {
      Map<String, Settings> out = new HashMap<>();
      List<String> needZone = new ArrayList<>();
      for (String user : userIds) {
        NotificationPreferences prefs =
            stored.getOrDefault(user, NotificationPreferences.defaults());
        Optional<ZoneId> own = PreferencesRules.zone(prefs.timeZone());
        if (own.isPresent()) {
          out.put(user, new Settings(prefs, own.get()));
        } else {
          needZone.add(user);
        }
      }
      if (needZone.isEmpty()) {
        return Future.succeededFuture(out);
      }
      return directory.users(tenantId, needZone).map(users -> {
        Map<String, ZoneId> zones = new HashMap<>();
        users.forEach(
            u -> PreferencesRules.zone(u.timeZone()).ifPresent(z -> zones.put(u.id(), z)));
        for (String user : needZone) {
          out.put(
              user,
              new Settings(
                  stored.getOrDefault(user, NotificationPreferences.defaults()),
                  zones.getOrDefault(user, ZoneOffset.UTC)));
        }
        return out;
      });
    });
  }

  /** The caller's inbox, newest first. */
  public Future<InboxPage> inbox(Principal caller, String after, int limit) {
    Cursor c = Cursor.decode(after);
    return notifications
        .inbox(
            caller.tenantId(),
            caller.userId(),
            c == null ? null : c.at(),
            c == null ? null : c.id(),
            limit)
        .map(list -> new InboxPage(
            list.stream().map(InboxItem::of).toList(),
            list.size() == limit ? Cursor.encode(list.get(list.size() - 1)) : null));
  }

  public Future<InboxItem> markRead(Principal caller, String id) {
    return notifications
        .markRead(caller.tenantId(), caller.userId(), id, clock.instant())
        .map(n -> InboxItem.of(n.orElseThrow(() -> ProblemException.notFound("notification"))));
  }

  /** The caller's preferences with the effective zone and language filled in. */
  public Future<NotificationPreferences> preferences(Principal caller) {
    return settingsOf(caller.tenantId(), caller.userId())
        .map(s -> new NotificationPreferences(
            s.prefs().kinds(),
            s.prefs().quietHours(),
            s.zone().getId(),
            s.prefs().digestTime(),
            s.locale()));
  }

  public Future<NotificationPreferences> putPreferences(
      Principal caller, NotificationPreferences p) {
    return Future.succeededFuture(p)
        .map(PreferencesRules::check)
        .compose(ok -> preferences.put(caller.tenantId(), caller.userId(), ok, clock.instant()))
        .compose(v -> preferences(caller));
  }

  /** A user's preferences and the zone their quiet hours and digest use. */
  /** @param locale the language of the user's texts: their own, else the tenant's */
  record Settings(NotificationPreferences prefs, ZoneId zone, String locale) {
    Settings(NotificationPreferences prefs, ZoneId zone) {
      this(prefs, zone, null);
    }
  }

  Future<Settings> settingsOf(String tenantId, String userId) {
    return preferences
        .get(tenantId, userId)
        .compose(p -> {
          NotificationPreferences prefs = p.orElse(NotificationPreferences.defaults());
          Optional<ZoneId> own = PreferencesRules.zone(prefs.timeZone());
          if (own.isPresent()) {
            return Future.succeededFuture(new Settings(prefs, own.get()));
          }
          return directory
              .user(tenantId, userId)
              .map(u -> new Settings(
                  prefs,
                  u.map(UserInfo::timeZone)
                      .flatMap(PreferencesRules::zone)
                      .orElse(ZoneOffset.UTC)));
        })
        .compose(s -> withLocales(tenantId, Map.of(userId, s)).map(m -> m.get(userId)));
  }

  /** Inbox cursor: createdAt millis and id of the last item, base64url. */
  record Cursor(Instant at, String id) {
    static String encode(Notification n) {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              (n.createdAt().toEpochMilli() + ":" + n.id()).getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String s) {
      if (s == null) {
        return null;
      }
      try {
        String raw = new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
        int colon = raw.indexOf(':');
        return new Cursor(
            Instant.ofEpochMilli(Long.parseLong(raw.substring(0, colon))),
            raw.substring(colon + 1));
      } catch (RuntimeException e) {
        throw ProblemException.invalidField(
            "query.after", "format", "after is not a cursor from a previous page");
      }
    }
  }
}
