-- After the NFS-e (issue 11): every link Omie gives, cancellation, boleto and payment on the deal;
-- the authorised XML archived in the ledger's own database; customers remembered to skip unchanged upserts.
-- Times are Unix milliseconds (UTC).
ALTER TABLE deals ADD COLUMN nfse_pdf_url TEXT NULL;
ALTER TABLE deals ADD COLUMN nfse_rps_url TEXT NULL;
ALTER TABLE deals ADD COLUMN nfse_statement_url TEXT NULL;
ALTER TABLE deals ADD COLUMN nfse_substitute_number TEXT NULL;
ALTER TABLE deals ADD COLUMN cancel_reason TEXT NULL;
ALTER TABLE deals ADD COLUMN cancel_requested_by TEXT NULL;
ALTER TABLE deals ADD COLUMN cancel_requested_at INTEGER NULL;
ALTER TABLE deals ADD COLUMN cancel_called_at INTEGER NULL;
ALTER TABLE deals ADD COLUMN cancelled_at INTEGER NULL;
ALTER TABLE deals ADD COLUMN boleto_link TEXT NULL;
ALTER TABLE deals ADD COLUMN boleto_barcode TEXT NULL;
ALTER TABLE deals ADD COLUMN boleto_number TEXT NULL;
ALTER TABLE deals ADD COLUMN paid_amount TEXT NULL;
ALTER TABLE deals ADD COLUMN paid_on TEXT NULL;
ALTER TABLE deals ADD COLUMN paid_at INTEGER NULL;
CREATE INDEX ix_deals_omie_order_id ON deals (omie_order_id) WHERE omie_order_id IS NOT NULL;

-- The authorised NFS-e XML (StatusOS xml_distr or the NFSe.NotaAutorizada push's nfse_xml), one per deal:
-- finance still has it when the city's portal is down or a link expired.
CREATE TABLE nfse_documents (
    deal_id      TEXT    NOT NULL PRIMARY KEY,
    nfse_number  TEXT    NOT NULL,
    xml          TEXT    NOT NULL,
    source       TEXT    NOT NULL,
    stored_at    INTEGER NOT NULL
);

-- What the connector last sent to UpsertCliente per customer document (a hash, not the data) and Omie's id:
-- a repeat customer whose registration has not changed is not upserted again.
CREATE TABLE omie_customers (
    document          TEXT    NOT NULL PRIMARY KEY,
    integration_code  TEXT    NOT NULL,
    omie_customer_id  INTEGER NOT NULL,
    data_hash         TEXT    NOT NULL,
    upserted_at       INTEGER NOT NULL
);
