package com.fieldlead.sync;

import com.fieldlead.auth.Principal;
import com.fieldlead.auth.UserDirectory;
import com.fieldlead.auth.UserInfo;
import com.fieldlead.json.Json;
import com.fieldlead.lead.LeadModule;
import com.fieldlead.lead.model.LeadSettings;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The read-only data a phone needs beside its entities, sent on the first page of a first sync or re-baseline: the
 * caller's team directory (members and managers of the teams they belong to or manage: id, name, email, role),
 * the tenant's events, qualifier questions and lead statuses.
 */
final class ReferenceData {

  static final int MAX_EVENTS = 500;

  private final LeadModule leads;
  private final UserDirectory directory;

  ReferenceData(LeadModule leads, UserDirectory directory) {
    this.leads = leads;
    this.directory = directory;
  }

  Future<Map<String, Object>> of(Principal p) {
    return Future.all(
            team(p),
            leads.catalog().events(p, MAX_EVENTS),
            leads.catalog().questions(p, null, null),
            leads.catalog().settings(p))
        .map(all -> plain(
            "team",
            all.resultAt(0),
            "events",
            all.resultAt(1),
            "qualifierQuestions",
            all.resultAt(2),
            "statuses",
            ((LeadSettings) all.resultAt(3)).statuses()));
  }

  /** Key/value pairs as a plain JSON-like map (values converted to maps, lists and scalars). */
  static Map<String, Object> plain(Object... pairs) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((String) pairs[i], Json.MAPPER.convertValue(pairs[i + 1], Object.class));
    }
    return out;
  }

  private Future<List<Map<String, Object>>> team(Principal p) {
    Set<String> teams = new LinkedHashSet<>(p.teamIds());
    teams.addAll(p.managedTeamIds());
    List<Future<List<UserInfo>>> reads = new ArrayList<>();
    for (String team : teams) {
      reads.add(directory.teamMembers(p.tenantId(), team));
      reads.add(directory.teamManagers(p.tenantId(), team));
    }
    return Future.all(reads).map(all -> {
      Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
      for (int i = 0; i < reads.size(); i++) {
        for (UserInfo u : all.<List<UserInfo>>resultAt(i)) {
          if (!u.disabled()) {
            byId.putIfAbsent(
                u.id(),
                plain(
                    "id",
                    u.id(),
                    "name",
                    u.name(),
                    "email",
                    u.email(),
                    "role",
                    u.role().wire(),
                    "teamIds",
                    u.teamIds()));
          }
        }
      }
      return new ArrayList<>(byId.values());
    });
  }
}
