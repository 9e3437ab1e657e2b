/**
 * Where notifications are kept: the schema (collection and field names, indexes), the notification outbox and inbox
 * ({@code MongoNotifications}: claims, leases, outcomes, read marks) and users' preferences, over MongoDB. Depends on
 * {@code notify.model}, never on the services; the sync nudges' collection is named here too, for
 * {@code notify.SyncNudges}.
 */
package com.fieldlead.notify.store;
