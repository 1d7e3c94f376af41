// Renders table definitions as SQLite DDL: the same text builds the database and is shown to the agent.
import type { TableData } from './types.js';

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** CREATE TABLE with one commented line per column, so the schema the agent reads explains itself. */
export function createTableSql(table: TableData): string {
  const lines = table.columns.map((c, i) => {
    let line = `  ${c.name} ${c.type}`;
    if (c.primaryKey) line += ' PRIMARY KEY';
    else if (!c.nullable) line += ' NOT NULL';
    if (c.references) {
      const [t, col] = c.references.split('.');
      line += ` REFERENCES ${t}(${col})`;
    }
    if (i < table.columns.length - 1) line += ',';
    // No comment for an undocumented column: its meaning is in the data dictionary.
    return c.description ? `${line} -- ${c.description.replace(/\s+/g, ' ')}` : line;
  });
  const heading = table.description ? `-- ${table.description}\n` : '';
  return `${heading}CREATE TABLE ${table.name} (\n${lines.join('\n')}\n);`;
}

export function createIndexSql(table: TableData): string[] {
  return (table.indexes ?? []).map((column) => `CREATE INDEX ${quoteIdentifier(`idx_${table.name}_${column}`)} ON ${table.name}(${column});`);
}

export function insertSql(table: TableData): string {
  return `INSERT INTO ${table.name} (${table.columns.map((c) => c.name).join(', ')}) VALUES (${table.columns.map(() => '?').join(', ')})`;
}

/** The whole schema as the agent sees it. */
export function schemaSql(tables: readonly TableData[]): string {
  return tables.map(createTableSql).join('\n\n');
}
