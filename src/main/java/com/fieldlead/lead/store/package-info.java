/**
 * Where leads are kept: {@code LeadRepository} and {@code LeadCatalogRepository} with their MongoDB implementations,
 * the query filters, the document codecs and the page cursor. Depends on {@code lead.model}, never on the services.
 */
package com.fieldlead.lead.store;
