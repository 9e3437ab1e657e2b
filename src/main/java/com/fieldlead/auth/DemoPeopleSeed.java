package com.fieldlead.auth;

import com.fieldlead.auth.store.MongoTeams;
import com.fieldlead.problem.ErrorCode;
import com.fieldlead.problem.ProblemException;
import com.fieldlead.store.MongoFutures;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The people of the demo tenant. Idempotent: an existing demo admin means the demo exists. Ids are derived from fixed
 * names, so two instances seeding at once insert the same documents and the loser's duplicates are ignored.
 */
final class DemoPeopleSeed {

  private static final Logger LOG = LoggerFactory.getLogger(DemoPeopleSeed.class);
  static final String PASSWORD = "demo-password";
  /**
   * The public demo password hashed at the default cost (210,000 iterations, a fixed salt): a first start with
   * {@code --demo} need not spend a key derivation on a password everybody knows. {@code DemoPeopleSeedTest} checks it.
   */
  static final String PASSWORD_HASH = "pbkdf2-sha256$210000$+3W8ZjAshqqrTzH51jlm1Q$"
      + "w8i3f+7lRCLD81A+9KqrjepNQaYqNZoYSwOYxB+tpLw";

  static final int PASSWORD_HASH_ITERATIONS = 210_000;
  static final String TENANT_NAME = "Demo Field Sales";
  static final String TEAM_NAME = "Field team";

  private record Person(String key, String email, String name, Role role, String timeZone) {}

  private static final List<Person> PEOPLE = List.of(
      new Person("admin", "admin@demo.test", "Alexandra Weber", Role.ADMIN, "Europe/Berlin"),
      new Person(
          "manager", "manager@demo.test", "Marcus Johnson", Role.MANAGER, "America/New_York"),
      new Person("rep1", "rep1@demo.test", "Sofia Romano", Role.REP, "Europe/Rome"),
      new Person("rep2", "rep2@demo.test", "Daniel Kim", Role.REP, "America/Chicago"),
      new Person("rep3", "rep3@demo.test", "Priya Sharma", Role.REP, "Europe/London"),
      new Person("booth", "booth@demo.test", "Lena Fischer", Role.BOOTH, "Europe/Berlin"));

  private final AuthStores stores;
  private final PeopleService people;

  DemoPeopleSeed(AuthStores stores, PeopleService people) {
    this.stores = stores;
    this.people = people;
  }

  static String id(String key) {
    return UUID.nameUUIDFromBytes(("fieldlead-demo:" + key).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  Future<DemoPeople> seed(Instant now) {
    String tenantId = id("tenant");
    String teamId = id("team");
    return stores.users().byEmail(PEOPLE.get(0).email()).compose(admin -> {
      if (admin.isPresent()) {
        return existing(admin.get().info().tenantId());
      }
      LOG.info("creating the demo tenant [tenant={}]", tenantId);
      return ignoreDuplicate(stores.users().insertTenant(tenantId, TENANT_NAME, now))
          .compose(v -> ignoreDuplicate(stores
              .teams()
              .insert(new MongoTeams.Team(teamId, tenantId, TEAM_NAME, now, now))
              .mapEmpty()))
          .compose(v -> {
            // one hash of the shared demo password for everyone (precomputed at the default cost):
            // a key derivation
            // each would slow the first start by a second or more (the password is public; the demo
            // is never an
            // install's real tenant)
            Future<String> hash = people.hashIterations() == PASSWORD_HASH_ITERATIONS
                ? Future.succeededFuture(PASSWORD_HASH)
                : people.hash(PASSWORD);
            List<Future<String>> created = new ArrayList<>();
            for (Person p : PEOPLE) {
              created.add(person(tenantId, teamId, p, hash));
            }
            return Future.all(created);
          })
          .compose(v -> existing(tenantId));
    });
  }

  private Future<String> person(String tenantId, String teamId, Person p, Future<String> hash) {
    List<String> teams = p.role() == Role.REP ? List.of(teamId) : List.of();
    List<String> managed = p.role() == Role.MANAGER ? List.of(teamId) : List.of();
    return people
        .createUser(
            tenantId,
            new AuthApi.CreateUser(
                p.email(), p.name(), p.role().wire(), PASSWORD, p.timeZone(), teams, managed),
            id(p.key()),
            hash)
        .map(u -> u.info().id())
        .recover(t -> t instanceof ProblemException pe && pe.code() == ErrorCode.ALREADY_EXISTS
            ? Future.succeededFuture(id(p.key()))
            : Future.failedFuture(t));
  }

  /** Reads the demo people back by email; fails clearly when one is missing or in another tenant. */
  private Future<DemoPeople> existing(String tenantId) {
    List<Future<UserInfo>> found = new ArrayList<>();
    for (Person p : PEOPLE) {
      found.add(stores
          .users()
          .byEmail(p.email())
          .map(u -> u.map(MongoUsers.StoredUser::info)
              .filter(info -> info.tenantId().equals(tenantId))
              .orElseThrow(() -> new IllegalStateException(
                  "demo user " + p.email() + " is missing or in another tenant"))));
    }
    return Future.all(found).map(all -> {
      UserInfo manager = found.get(1).result();
      if (manager.managedTeamIds().isEmpty()) {
        throw new IllegalStateException("the demo manager manages no team");
      }
      return new DemoPeople(
          tenantId,
          found.get(0).result().id(),
          manager.id(),
          manager.managedTeamIds().get(0),
          List.of(
              found.get(2).result().id(),
              found.get(3).result().id(),
              found.get(4).result().id()),
          found.get(5).result().id());
    });
  }

  private static Future<Void> ignoreDuplicate(Future<Void> insert) {
    return insert.recover(t -> MongoFutures.isDuplicateKey(t)
            || t instanceof ProblemException pe && pe.code() == ErrorCode.ALREADY_EXISTS
        ? Future.succeededFuture()
        : Future.failedFuture(t));
  }
}
