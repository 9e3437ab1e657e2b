/**
 * What sync needs from the features whose entities it carries (leads, activities, tasks, attachments, the lead
 * catalog's reference data), as narrow interfaces. Each feature implements them in a package-private adapter and
 * hands them over through its module; sync itself names no feature's records, collections or documents. The
 * features depend on this package, never sync on the features, so the package graph stays acyclic.
 */
package com.fieldlead.sync.port;
