-- Fewer indexes for bulk writes (issue 2). orders_account (0001) is a prefix
-- of orders_account_ordered (0020) and orders_opportunity (0001) a prefix of
-- orders_opportunity_date (0009): every query that used them (an account's
-- or an opportunity's orders, latest first; their counts) reads the longer
-- index as well, on both databases, and in ordered_on order besides. Each
-- write of an order maintained two indexes for nothing, and a large import
-- or demo sorted them again.
DROP INDEX orders_account;
DROP INDEX orders_opportunity;
