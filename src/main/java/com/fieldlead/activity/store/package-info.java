/**
 * Where activities, tasks and cadences are kept: the repositories with their MongoDB implementations, the schema
 * (collection and field names, indexes) and the BSON mapping, and the read-only reminder queries {@code notify} uses.
 * Depends on {@code activity.model}, never on the services.
 */
package com.fieldlead.activity.store;
