package dev.hookline.store;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

class H2AccountStoreTest extends AccountStoreContract {

    private final JdbcDataSource dataSource = new JdbcDataSource();

    H2AccountStoreTest() {
        dataSource.setURL("jdbc:h2:file:./target/h2-account-test/db;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0");
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }
}
