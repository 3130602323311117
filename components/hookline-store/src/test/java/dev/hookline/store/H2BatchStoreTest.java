package dev.hookline.store;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

class H2BatchStoreTest extends BatchStoreContract {

    private final JdbcDataSource dataSource = new JdbcDataSource();

    H2BatchStoreTest() {
        dataSource.setURL("jdbc:h2:file:./target/h2-store-test/db;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0");
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }
}
