package io.tandem;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.tandem.failover.FailoverEvents;
import io.tandem.proxy.http.HttpEvents;
import io.tandem.proxy.http.RequestRecord;

/** The dependency rules of docs/architecture.md, kept true by the build. */
@AnalyzeClasses(packages = "io.tandem", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule nothingImportsTheCompositionRoot =
            noClasses()
                    .that()
                    .resideOutsideOfPackage("io.tandem.app..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("io.tandem.app..");

    @ArchTest
    static final ArchRule commonStandsAlone =
            noClasses()
                    .that()
                    .resideInAPackage("io.tandem.common..")
                    .should()
                    .dependOnClassesThat()
                    .resideOutsideOfPackages("io.tandem.common..", "java..", "org.jspecify..");

    @ArchTest
    static final ArchRule configKnowsOnlyCommon =
            noClasses()
                    .that()
                    .resideInAPackage("io.tandem.config..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "io.tandem.pool..",
                            "io.tandem.schedule..",
                            "io.tandem.proxy..",
                            "io.tandem.health..",
                            "io.tandem.vrrp..",
                            "io.netty..");

    @ArchTest
    static final ArchRule poolIsBelowTheFeatures =
            noClasses()
                    .that()
                    .resideInAPackage("io.tandem.pool..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "io.tandem.schedule..",
                            "io.tandem.proxy..",
                            "io.tandem.health..",
                            "io.tandem.vrrp..",
                            "io.netty..");

    @ArchTest
    static final ArchRule schedulingIsPureLogic =
            noClasses()
                    .that()
                    .resideInAPackage("io.tandem.schedule..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("io.tandem.proxy..", "io.tandem.health..", "io.netty..");

    @ArchTest
    static final ArchRule dataPlaneNeverImportsHealthOrVrrp =
            noClasses()
                    .that()
                    .resideInAPackage("io.tandem.proxy..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("io.tandem.health..", "io.tandem.vrrp..");

    @ArchTest
    static final ArchRule theHttpProxyStandsAloneFromTheL4Forwarders =
            noClasses()
                    .that()
                    .resideInAPackage("io.tandem.proxy.http..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("io.tandem.proxy.tcp..", "io.tandem.proxy.udp..");

    @ArchTest
    static final ArchRule onlyTheDataPlaneAndTheRootUseNetty =
            noClasses()
                    .that()
                    .resideOutsideOfPackages("io.tandem.proxy..", "io.tandem.app..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("io.netty..");

    @ArchTest
    static final ArchRule vrrpIsPureProtocolLogic =
            noClasses()
                    .that()
                    .resideInAPackage("io.tandem.vrrp..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "io.tandem.pool..",
                            "io.tandem.proxy..",
                            "io.tandem.linux..",
                            "io.tandem.failover..",
                            "io.tandem.script..",
                            "io.netty..");

    /** The failover glue joins protocol, kernel, config and scripts; nothing below imports it. */
    @ArchTest
    static final ArchRule failoverIsGlueBetweenProtocolAndKernel =
            noClasses()
                    .that()
                    .resideInAPackage("io.tandem.failover..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "io.tandem.pool..",
                            "io.tandem.schedule..",
                            "io.tandem.proxy..",
                            "io.tandem.health..",
                            "io.netty..");

    @ArchTest
    static final ArchRule onlyTheCompositionRootStartsFailover =
            noClasses()
                    .that()
                    .resideOutsideOfPackages("io.tandem.failover..", "io.tandem.app..")
                    .should()
                    .dependOnClassesThat(
                            resideInAPackage("io.tandem.failover..")
                                    .and(not(type(FailoverEvents.class))));

    /** Metrics listens to failover's events, and that is all anyone else may know of it. */
    @ArchTest
    static final ArchRule onlyMetricsListensToFailover =
            noClasses()
                    .that()
                    .resideOutsideOfPackages(
                            "io.tandem.failover..", "io.tandem.app..", "io.tandem.metrics..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("io.tandem.failover..");

    @ArchTest
    static final ArchRule linuxHoldsOnlyKernelPrimitives =
            noClasses()
                    .that()
                    .resideInAPackage("io.tandem.linux..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "io.tandem.config..",
                            "io.tandem.pool..",
                            "io.tandem.schedule..",
                            "io.tandem.proxy..",
                            "io.tandem.vrrp..",
                            "io.tandem.failover..",
                            "io.tandem.script..",
                            "io.netty..");

    /** Packet forwarding: kernel primitives, pools, schedulers, config and the Forwarder seam. */
    @ArchTest
    static final ArchRule packetForwardingStaysOnTheDataPlane =
            noClasses()
                    .that()
                    .resideInAPackage("io.tandem.forward..")
                    .should()
                    .dependOnClassesThat(
                            resideInAPackage("io.tandem..")
                                    .and(not(resideInAPackage("io.tandem.forward..")))
                                    .and(not(resideInAPackage("io.tandem.linux..")))
                                    .and(not(resideInAPackage("io.tandem.pool..")))
                                    .and(not(resideInAPackage("io.tandem.schedule..")))
                                    .and(not(resideInAPackage("io.tandem.config..")))
                                    .and(not(resideInAPackage("io.tandem.common..")))
                                    .and(not(type(io.tandem.proxy.Forwarder.class)))
                                    .and(not(type(io.tandem.proxy.ProxiedConnection.class))));

    @ArchTest
    static final ArchRule scriptKnowsOnlyCommon =
            noClasses()
                    .that()
                    .resideInAPackage("io.tandem.script..")
                    .should()
                    .dependOnClassesThat(
                            resideInAPackage("io.tandem..")
                                    .and(not(resideInAPackage("io.tandem.common..")))
                                    .and(not(resideInAPackage("io.tandem.script.."))));

    @ArchTest
    static final ArchRule alertsAreRaisedNotReachedInto =
            noClasses()
                    .that()
                    .resideInAPackage("io.tandem.notify..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "io.tandem.pool..",
                            "io.tandem.schedule..",
                            "io.tandem.proxy..",
                            "io.tandem.health..",
                            "io.tandem.vrrp..",
                            "io.tandem.linux..",
                            "io.netty..");

    @ArchTest
    static final ArchRule dnsReadsPoolsOnly =
            noClasses()
                    .that()
                    .resideInAPackage("io.tandem.dns..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "io.tandem.proxy..",
                            "io.tandem.health..",
                            "io.tandem.vrrp..",
                            "io.tandem.app..",
                            "io.netty..");

    /** The CLI is a client: it knows the daemon only through the admin protocol's values. */
    @ArchTest
    static final ArchRule cliKnowsOnlyTheAdminProtocol =
            noClasses()
                    .that()
                    .resideInAPackage("io.tandem.cli..")
                    .should()
                    .dependOnClassesThat(
                            not(resideInAPackage("io.tandem.cli.."))
                                    .and(not(resideInAPackage("io.tandem.admin.api..")))
                                    .and(not(resideInAPackage("picocli..")))
                                    .and(not(resideInAPackage("java..")))
                                    .and(not(resideInAPackage("org.jspecify.."))));

    /** The admin endpoint hands commands to a backend; it reaches into no feature package. */
    @ArchTest
    static final ArchRule adminImportsNoFeaturePackage =
            noClasses()
                    .that()
                    .resideInAPackage("io.tandem.admin..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "io.tandem.config..",
                            "io.tandem.pool..",
                            "io.tandem.schedule..",
                            "io.tandem.proxy..",
                            "io.tandem.health..",
                            "io.tandem.vrrp..",
                            "io.tandem.failover..",
                            "io.tandem.linux..",
                            "io.tandem.dns..",
                            "io.tandem.notify..",
                            "io.tandem.script..",
                            "io.tandem.cli..",
                            "io.tandem.metrics..",
                            "io.netty..");

    /** Of the data plane, metrics knows only the L7 proxy's event interface and its record. */
    @ArchTest
    static final ArchRule metricsOnlyObserves =
            noClasses()
                    .that()
                    .resideInAPackage("io.tandem.metrics..")
                    .should()
                    .dependOnClassesThat(
                            resideInAnyPackage(
                                            "io.tandem.pool..",
                                            "io.tandem.schedule..",
                                            "io.tandem.linux..",
                                            "io.tandem.dns..",
                                            "io.tandem.notify..",
                                            "io.netty..")
                                    .or(
                                            resideInAPackage("io.tandem.proxy..")
                                                    .and(not(type(HttpEvents.class)))
                                                    .and(not(type(RequestRecord.class)))));

    @ArchTest
    static final ArchRule theMetricsLibraryStaysInMetrics =
            noClasses()
                    .that()
                    .resideOutsideOfPackages("io.tandem.metrics..", "io.tandem.app..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("io.prometheus..");
}
