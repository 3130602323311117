package dev.hookline.store;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

class H2SubscriptionRepositoryTest extends SubscriptionRepositoryContract {

    private final JdbcDataSource dataSource = new JdbcDataSource();

    H2SubscriptionRepositoryTest() {
        dataSource.setURL("jdbc:h2:file:./target/h2-subscription-test/db;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0");
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }
}
